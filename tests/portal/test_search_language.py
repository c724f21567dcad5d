"""Search finds pages by the text they show in the visitor's language, English fallback included."""

import pytest

from tests.support import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


@pytest.fixture
def pages(portal):
    translated = portal["standard"]
    translated.title_nb = "Om oss"
    translated.summary_en = "A short summary of the quayside office."
    translated.summary_nb = "Vi hjelper med flyktningeveiledning i hele landet."
    translated.title_fr = "À propos de nous, bibliothécaire"
    translated.save_revision().publish()
    untranslated = f.StandardPageFactory(
        parent=portal["home"],
        title="Harbour guide",
        slug="harbour",
        summary_en="Where the lighthousekeeper lives.",
    )
    return {"translated": translated, "untranslated": untranslated}


def found(client, lang, query):
    response = client.get(f"/{lang}/search/", {"q": query})
    assert response.status_code == 200
    return [page.pk for page in response.context["results"]]


def test_a_norwegian_word_is_found_on_nb_only(client, pages):
    pk = pages["translated"].pk
    assert found(client, "nb", "flyktningeveiledning") == [pk]
    assert found(client, "en", "flyktningeveiledning") == []


def test_english_fallback_text_is_found(client, pages):
    pk = pages["untranslated"].pk
    assert found(client, "nb", "lighthousekeeper") == [pk]
    assert found(client, "nb", "harbour") == [pk]
    assert found(client, "en", "lighthousekeeper") == [pk]


def test_english_text_replaced_by_a_translation_is_not_found(client, pages):
    # The English summary ("... quayside ...") has a Norwegian translation.
    pk = pages["translated"].pk
    assert pk in found(client, "en", "quayside")
    assert pk not in found(client, "nb", "quayside")
    assert pk in found(client, "nb", "hjelper")
    # The body has no Norwegian text: its English words are shown, so they are found.
    assert pk in found(client, "nb", "advice")


def test_a_french_word_is_not_found_on_nb(client, pages):
    pk = pages["translated"].pk
    assert found(client, "fr", "bibliothécaire") == [pk]
    assert found(client, "nb", "bibliothécaire") == []
    assert found(client, "en", "bibliothécaire") == []


def test_every_word_must_be_shown(client, pages):
    assert found(client, "nb", "flyktningeveiledning lighthousekeeper") == []


def test_results_are_paginated_and_rendered(client, portal):
    for i in range(12):
        f.StandardPageFactory(parent=portal["home"], title=f"Zebra crossing {i}", slug=f"zebra-{i}")
    response = client.get("/nb/search/", {"q": "zebra"})
    assert response.context["results"].paginator.count == 12
    assert len(response.context["results"]) == 10
    html = response.content.decode()
    assert "<mark>Zebra</mark> crossing" in html
    assert 'lang="en"' in html
    second = client.get("/nb/search/", {"q": "zebra", "page": 2})
    assert len(second.context["results"]) == 2


def test_word_forms_follow_what_the_database_matches():
    from portal.site.search import forms, words

    assert forms("returning") & words("Voluntary return")
    assert forms("countries") & words("Our country offices")
    assert forms("bibliothecaire") & words("Bibliothécaire")
    assert not forms("retur") & words("Voluntary return")
