"""Search stems words in the visitor's language, leaves out its stopwords, and reads the
per-language index (portal/core/search_text.py): PostgreSQL's text-search configurations there,
Snowball stems elsewhere. Run on SQLite and on PostgreSQL (scripts/with-postgres.sh)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.core.search_text import PageSearchText, decompound, text_stems, write_texts
from tests.support import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

# (language, the text a page shows, a search for another form of one of its words)
EXAMPLES = [
    ("en", "Voluntary returns from the coast", "returning"),
    ("nb", "Frivillig retur til hjemlandet", "returen"),
    ("fi", "Avoinna toimisto Helsingissä", "toimistossa"),
    ("nl", "Hulp bij een woning vinden", "woningen"),
    ("sv", "Stöd till varje flykting", "flyktingarna"),
    ("fr", "Aide à chaque réfugié", "réfugiés"),
    ("es", "Apoyo a cada migrante", "migrantes"),
]


@pytest.fixture
def stemmed(portal):
    made = {}
    for lang, text, _query in EXAMPLES:
        made[lang] = f.StandardPageFactory(
            parent=portal["home"],
            title=f"Stemming example {lang}",
            slug=f"stemming-{lang}",
            **{f"summary_{lang}": text},
        )
    return made


def found(client, lang, query):
    response = client.get(f"/{lang}/search/", {"q": query})
    assert response.status_code == 200
    return [result.pk for result in response.context["results"]]


@pytest.mark.parametrize(("lang", "text", "query"), EXAMPLES)
def test_another_form_of_a_word_finds_the_page(client, stemmed, lang, text, query):
    assert stemmed[lang].pk in found(client, lang, query)


def test_the_word_is_highlighted_in_its_other_form(client, stemmed):
    response = client.get("/nb/search/", {"q": "returen"})
    assert "<mark>retur</mark>" in response.content.decode()


def test_a_form_in_another_language_finds_nothing_there(client, stemmed):
    # The Swedish summary is shown on /sv/ only; /nb/ shows the (empty) English one.
    assert stemmed["sv"].pk not in found(client, "nb", "flyktingarna")


def test_stopwords_are_left_out(client, stemmed):
    pk = stemmed["sv"].pk
    assert pk in found(client, "sv", "till flyktingarna")  # "till" (to) is a Swedish stopword
    assert found(client, "sv", "till") == []
    assert text_stems("Stöd till varje flykting", "sv") == ["stöd", "flykting"]


def test_the_title_weighs_more_than_the_summary(client, portal):
    in_summary = f.StandardPageFactory(
        parent=portal["home"], title="Annual report", slug="a", summary_en="About harbours."
    )
    in_title = f.StandardPageFactory(
        parent=portal["home"], title="Harbours", slug="b", summary_en="Annual figures."
    )
    assert found(client, "en", "harbour")[:2] == [in_title.pk, in_summary.pk]


def test_each_language_has_the_text_it_shows(stemmed):
    page = stemmed["nb"]
    nb = PageSearchText.objects.get(page=page, lang="nb")
    assert (nb.summary, nb.summary_lang) == ("Frivillig retur til hjemlandet", "nb")
    assert (nb.title, nb.title_lang) == ("Stemming example nb", "en")  # the English fallback
    fr = PageSearchText.objects.get(page=page, lang="fr")
    assert "retur" not in fr.summary
    if connection.vendor == "postgresql":
        assert "'retur':" in str(nb.vector) and nb.stems == ""
    else:
        assert " retur " in nb.stems and nb.vector is None


def test_unpublishing_and_deleting_keep_the_index(client, stemmed):
    page = stemmed["es"]
    page.unpublish()
    assert page.pk not in found(client, "es", "migrantes")
    page.save_revision().publish()
    assert page.pk in found(client, "es", "migrantes")
    page.delete()
    assert not PageSearchText.objects.filter(page_id=page.pk).exists()


def test_update_index_rebuilds_the_texts(client, stemmed):
    PageSearchText.objects.all().delete()
    call_command("update_index", verbosity=0)
    assert stemmed["fi"].pk in found(client, "fi", "toimistossa")
    assert PageSearchText.objects.filter(page=stemmed["fi"]).count() == 7


# (language, a text with two words, a compound of them as one would search it)
COMPOUNDS = [
    ("nb", "Programmet for frivillig retur", "returprogrammet"),
    ("sv", "Kontoret för migration i Malmö", "migrationskontoret"),  # joined by an s
    ("nl", "Een programma voor vrijwillige terugkeer", "terugkeerprogramma"),
    ("fi", "Vapaaehtoisen paluun ohjelma", "paluuohjelmassa"),  # inflected as well
]


@pytest.fixture
def compounded(portal):
    return {
        lang: f.StandardPageFactory(
            parent=portal["home"],
            title=f"Compound example {lang}",
            slug=f"compound-{lang}",
            **{f"summary_{lang}": text},
        )
        for lang, text, _query in COMPOUNDS
    }


@pytest.mark.parametrize(("lang", "text", "query"), COMPOUNDS)
def test_a_compound_finds_the_text_with_its_parts(client, compounded, lang, text, query):
    assert decompound([query], lang)  # split against the index's own words
    assert compounded[lang].pk in found(client, lang, query)


def test_a_compound_needs_every_part(client, stemmed, compounded):
    # The Norwegian example has "retur" but not "program": the compound does not find it.
    results = found(client, "nb", "returprogrammet")
    assert compounded["nb"].pk in results
    assert stemmed["nb"].pk not in results


def test_the_parts_of_a_compound_are_highlighted(client, compounded):
    html = client.get("/nb/search/", {"q": "returprogrammet"}).content.decode()
    assert "<mark>Programmet</mark> for frivillig <mark>retur</mark>" in html


def test_only_compounding_languages_split_words(compounded):
    assert decompound(["terugkeerprogramma"], "en") == {}
    assert decompound(["returprogrammet"], "nb") == {"returprogrammet": ["retur", "programm"]}
    assert decompound(["returflyet"], "nb") == {}  # no "fly" in the index


# --- What a save writes ----------------------------------------------------------------------


def index_statements(queries):
    return [q["sql"] for q in queries if "portal_pagesearchtext" in q["sql"].split(" WHERE ")[0]]


def test_a_save_that_changes_no_text_writes_nothing(stemmed):
    page = stemmed["nl"]
    rows = dict(PageSearchText.objects.filter(page=page).values_list("lang", "pk"))
    with CaptureQueriesContext(connection) as queries:
        write_texts([page.specific])
    assert len(index_statements(queries.captured_queries)) == 1  # the read
    assert dict(PageSearchText.objects.filter(page=page).values_list("lang", "pk")) == rows


def test_a_changed_language_rewrites_only_its_row(client, stemmed):
    page = stemmed["nl"].specific
    rows = dict(PageSearchText.objects.filter(page=page).values_list("lang", "pk"))
    page.summary_nl = "Hulp bij een kamer vinden"
    with CaptureQueriesContext(connection) as queries:
        page.save_revision().publish()
    # a delete, an insert (and the vectors' update on PostgreSQL), whatever the languages
    statements = index_statements(queries.captured_queries)
    writes = [sql for sql in statements if sql.split()[0] != "SELECT" and "searchword" not in sql]
    assert len(writes) <= 3
    after = dict(PageSearchText.objects.filter(page=page).values_list("lang", "pk"))
    assert after.pop("nl") != rows.pop("nl")
    assert after == rows
    assert page.pk in found(client, "nl", "kamers")
    assert page.pk not in found(client, "nl", "woningen")


def test_many_pages_are_written_in_a_few_statements(stemmed, compounded):
    pages = [page.specific for page in [*stemmed.values(), *compounded.values()]]
    PageSearchText.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        write_texts(pages)
    assert len(index_statements(queries.captured_queries)) <= 4
    assert PageSearchText.objects.filter(page__in=[p.pk for p in pages]).count() == 7 * len(pages)
