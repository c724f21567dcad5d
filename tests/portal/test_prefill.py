"""Pre-fill from memory (portal/localization/prefill.py): exact and in-context matches proposed
for review, in the editor and for a selection from the drill-down; never saved or published
until a translator has reviewed them."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from portal.localization.models import PrefilledTranslation
from portal.localization.units import fingerprint
from portal.models import StandardPage
from tests.portal.test_translator_editor import editor_url, translator
from tests.support import factories as f

pytestmark = pytest.mark.django_db

SENTENCE_EN = "Countries work together to save lives."
SENTENCE_NB = "Landene samarbeider for å redde liv."


@pytest.fixture
def remembered():
    """The memory knows SENTENCE_EN in Norwegian (a record's published translation)."""
    return f.ObjectiveFactory(
        number=8, title_en=SENTENCE_EN, title_nb=SENTENCE_NB, summary_en="Nothing alike here."
    )


@pytest.fixture
def page(home, remembered):
    body = [{"type": "heading", "value": {"text": "Countries work together to save many lives."}}]
    return f.StandardPageFactory(
        parent=home, title="A title nobody translated", slug="fresh", summary_en=SENTENCE_EN,
        body_en=body,
    )  # fmt: skip


def prefill_url(obj, lang):
    return editor_url(obj, lang) + "prefill/"


def pending(obj, lang="nb"):
    content_type = ContentType.objects.get_for_model(type(obj))
    return PrefilledTranslation.objects.filter(
        content_type=content_type, object_id=obj.pk, language=lang
    )


def test_prefill_proposes_exact_matches_only_and_touches_nothing(client, django_user_model, page):
    client.force_login(translator(django_user_model, "nb"))
    response = client.post(prefill_url(page, "nb"), follow=True)
    assert response.status_code == 200
    assert "1 of 3 untranslated texts were pre-filled" in response.content.decode()
    proposal = pending(page).get()
    assert (proposal.field, proposal.path, proposal.text) == ("summary", "", SENTENCE_NB)
    assert proposal.score == 100 and proposal.source_hash == fingerprint(SENTENCE_EN)
    assert SENTENCE_EN in proposal.origin  # where it was translated: the objective
    page.refresh_from_db()
    assert not page.summary_nb  # the object itself is untouched
    assert page.get_latest_revision_as_object().summary_nb in ("", None)


def test_the_editor_shows_a_prefill_marked_for_review(client, django_user_model, page):
    client.force_login(translator(django_user_model, "nb"))
    client.post(prefill_url(page, "nb"))
    html = client.get(editor_url(page, "nb")).content.decode()
    assert f'rows="3">{SENTENCE_NB}</textarea>' in html
    assert "Needs review" in html and "from memory, 100%" in html
    assert 'name="r:summary"' in html
    # The fuzzy heading stays a suggestion, not a pre-fill.
    assert "match" in html and 'name="r:body::0:heading/text"' not in html


def test_saving_and_publishing_never_publish_an_unreviewed_prefill(client, django_user_model, page):
    client.force_login(translator(django_user_model, "nb", publish_on=page.get_parent()))
    client.post(prefill_url(page, "nb"))
    posted = {"t:title": "En tittel", "t:summary": SENTENCE_NB, "action": "publish"}
    response = client.post(editor_url(page, "nb"), posted)
    assert response.status_code == 302
    live = StandardPage.objects.get(pk=page.pk)
    assert live.title_nb == "En tittel"  # what the translator wrote is published
    assert not live.summary_nb  # the unreviewed pre-fill is not
    assert pending(page).count() == 1  # and it is still waiting for review
    html = client.get(editor_url(page, "nb")).content.decode()
    assert f'rows="3">{SENTENCE_NB}</textarea>' in html and "Needs review" in html


def test_a_reviewed_prefill_is_saved_and_leaves_the_queue(client, django_user_model, page):
    client.force_login(translator(django_user_model, "nb", publish_on=page.get_parent()))
    client.post(prefill_url(page, "nb"))
    posted = {"t:summary": SENTENCE_NB, "r:summary": "1", "action": "publish"}
    assert client.post(editor_url(page, "nb"), posted).status_code == 302
    assert StandardPage.objects.get(pk=page.pk).summary_nb == SENTENCE_NB
    assert not pending(page).exists()


def test_an_edited_prefill_is_saved_without_ticking_reviewed(client, django_user_model, page):
    client.force_login(translator(django_user_model, "nb", publish_on=page.get_parent()))
    client.post(prefill_url(page, "nb"))
    edited = "Landene samarbeider for å redde mange liv."
    posted = {"t:summary": edited, "action": "publish"}
    assert client.post(editor_url(page, "nb"), posted).status_code == 302
    assert StandardPage.objects.get(pk=page.pk).summary_nb == edited
    assert not pending(page).exists()


def test_a_prefill_whose_source_changed_is_dropped(client, django_user_model, page):
    client.force_login(translator(django_user_model, "nb"))
    client.post(prefill_url(page, "nb"))
    page.summary_en = "Countries now work together differently."
    page.save_revision()
    html = client.get(editor_url(page, "nb")).content.decode()
    assert "Needs review" not in html
    client.post(editor_url(page, "nb"), {"action": "save"})
    assert not pending(page).exists()


def test_prefill_is_post_only_with_csrf_and_the_language_permission(
    django_user_model, page, client
):
    user = translator(django_user_model, "nb")
    client.force_login(user)
    assert client.get(prefill_url(page, "nb")).status_code == 405
    assert client.post(prefill_url(page, "fi")).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post(prefill_url(page, "nb")).status_code == 403
    assert not PrefilledTranslation.objects.exists()


def drilldown_prefill_url(lang="nb"):
    return reverse("translations:prefill_selection", args=["portal.StandardPage", lang])


def test_a_selection_from_the_drilldown_is_prefilled(client, django_user_model, page, home):
    other = f.StandardPageFactory(parent=home, title=SENTENCE_EN, slug="other")
    client.force_login(translator(django_user_model, "nb"))
    drilldown = reverse("translations:drilldown", args=["portal.StandardPage", "nb"])
    html = client.get(drilldown).content.decode()
    assert f'name="objects" value="{page.pk}"' in html
    response = client.post(drilldown_prefill_url(), {"objects": [page.pk, other.pk, page.pk]})
    assert response.status_code == 302
    assert pending(page).count() == 1
    assert pending(other).get().field == "title"


def test_a_failure_midway_leaves_no_prefill(client, django_user_model, page, home, monkeypatch):
    other = f.StandardPageFactory(parent=home, title=SENTENCE_EN, slug="other")
    manager = PrefilledTranslation.objects
    original = manager.bulk_create
    calls = []

    def fail_on_the_second(objs, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # noqa: PLR2004
            raise RuntimeError("database went away")
        return original(objs, *args, **kwargs)

    monkeypatch.setattr(manager, "bulk_create", fail_on_the_second)
    client.raise_request_exception = False
    client.force_login(translator(django_user_model, "nb"))
    response = client.post(drilldown_prefill_url(), {"objects": [page.pk, other.pk]})
    assert response.status_code == 500
    assert not PrefilledTranslation.objects.exists()
