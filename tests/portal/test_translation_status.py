"""Outdated detection: a translation is outdated when its source text changed after it."""

import pytest
from django.contrib.contenttypes.models import ContentType

from compact.models import Objective
from portal.localization import status
from portal.localization.models import TranslationState
from tests.support.factories import ObjectiveFactory
from tests.support.helpers import LANGUAGES, url_in

pytestmark = pytest.mark.django_db

OTHERS = [lang for lang in LANGUAGES if lang != "en"]


def translated_objective():
    objective = ObjectiveFactory(
        number=7,
        **{f"title_{lang}": f"Vulnerabilities ({lang})" for lang in LANGUAGES},
        **{f"summary_{lang}": f"Summary ({lang})" for lang in LANGUAGES},
    )
    other = ObjectiveFactory(
        number=8, **{f"title_{lang}": f"Save lives ({lang})" for lang in LANGUAGES}
    )
    return objective, other


def all_outdated():
    """Every (object, field, language) that is outdated, across all objectives."""
    return {
        (obj.number, field, lang)
        for obj in Objective.objects.all()
        for lang in OTHERS
        for field in status.outdated_fields(obj, lang)
    }


def test_new_translations_are_current():
    translated_objective()
    assert all_outdated() == set()
    assert TranslationState.objects.count() == 6 * 2 + 6  # two fields of 7, one of 8


def test_changing_an_english_title_marks_its_six_translations_outdated_and_nothing_else():
    objective, _other = translated_objective()
    objective.title_en = "Address and reduce vulnerabilities in migration"
    objective.save()
    assert all_outdated() == {(7, "title", lang) for lang in OTHERS}
    assert status.outdated_fields(objective, "nb") == {"title": "Vulnerabilities (en)"}


def test_rewriting_a_translation_makes_it_current_again():
    objective, _other = translated_objective()
    objective.title_en = "A new English title"
    objective.save()
    objective.title_nb = "En ny norsk tittel"
    objective.save()
    assert (7, "title", "nb") not in all_outdated()
    assert (7, "title", "fi") in all_outdated()


def test_a_translator_can_confirm_a_translation_is_still_correct():
    objective, _other = translated_objective()
    objective.title_en = "Vulnerabilities (en), reworded"
    objective.save()
    status.confirm(objective, "title", "sv")
    assert (7, "title", "sv") not in all_outdated()
    assert (7, "title", "nl") in all_outdated()


def test_removing_a_translation_removes_its_state():
    objective, _other = translated_objective()
    objective.summary_fi = ""
    objective.save()
    content_type = ContentType.objects.get_for_model(Objective)
    assert not TranslationState.objects.filter(
        content_type=content_type, object_id=objective.pk, field="summary", language="fi"
    ).exists()


def test_text_inside_a_streamfield_block_is_tracked(portal):
    page = portal["standard"]
    page.body_nb = [{"type": "paragraph", "value": "<p>Norsk tekst.</p>"}]
    page.save_revision().publish()
    page.refresh_from_db()
    assert status.outdated_fields(page, "nb") == {}

    # Change one word inside a block of the English body, then publish.
    body = list(page.body_en.raw_data)
    body[1]["value"] = "<p>Our office gives free advice in twelve languages.</p>"
    page.body_en = body
    page.save_revision().publish()
    page.refresh_from_db()
    assert set(status.outdated_fields(page, "nb")) == {"body"}


def test_a_draft_does_not_make_translations_outdated(portal):
    page = portal["standard"]
    page.summary_nb = "Kort norsk sammendrag."
    page.save_revision().publish()
    page.refresh_from_db()
    page.summary_en = "A rewritten summary, still a draft."
    page.save_revision()  # not published: visitors still read the old English text
    page.refresh_from_db()
    assert status.outdated_fields(page, "nb") == {}


def test_a_failing_state_update_does_not_break_publishing(portal, monkeypatch):
    page = portal["standard"]

    def broken(*args, **kwargs):
        raise RuntimeError("bookkeeping failed")

    monkeypatch.setattr(status, "record", broken)
    page.title_en = "About the organisation"
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert page.live_revision_id == revision.pk
    assert page.title_en == "About the organisation"


def test_visitors_see_that_a_translation_is_outdated(client, portal):
    page = portal["standard"]
    page.title_nb = "Om oss"
    page.slug_nb = "om-oss"
    page.summary_nb = "Kort norsk sammendrag."
    page.save_revision().publish()
    page.refresh_from_db()
    response = client.get(url_in(page, "nb"))
    assert 'class="notice outdated-notice"' not in response.content.decode()

    page.summary_en = "A summary rewritten in English after the translation."
    page.save_revision().publish()
    page.refresh_from_db()
    html = client.get(url_in(page, "nb")).content.decode()
    assert 'class="notice outdated-notice"' in html
    assert f'href="{url_in(page, "en")}" hreflang="en"' in html
    # The English page itself has no such notice.
    assert "outdated-notice" not in client.get(url_in(page, "en")).content.decode()
