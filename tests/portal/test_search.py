"""Site search over pages and structured data: kinds, filters, links, highlighting, odd input."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.site.search import MAX_QUERY_LENGTH, highlight, words
from tests.support import factories as f
from tests.support.helpers import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

WORD = "zanzibar"  # in one thing of every kind (see `everywhere`), and nowhere else


def search(client, lang="en", **params):
    response = client.get(f"/{lang}/search/", params)
    assert response.status_code == 200, params
    return response


def found(response):
    """(kind, title text, url) of each result on the page."""
    return [
        (result.kind, re.sub(r"<[^>]+>", "", result.title_html), result.url)
        for result in response.context["results"]
    ]


def kinds(response):
    return sorted(result.kind for result in response.context["results"])


@pytest.fixture
def everywhere(portal):
    """The word in one page or record of every kind, some of them in a second office."""
    objective = portal["objective"]
    standard = f.StandardPageFactory(parent=portal["home"], title=f"About {WORD}", slug="about-z")
    programme = portal["programme"]
    programme.summary_en = f"Travel from {WORD} and home again."
    programme.save_revision().publish()
    article = portal["article"]
    article.title_en = f"Opening in {WORD}"
    article.save_revision().publish()
    objective.summary_en = f"Pathways, for example from {WORD}."
    objective.save()
    action = portal["action"]
    action.description_en = f"Opened a {WORD} help desk."
    action.save()
    partner = portal["partner"]
    partner.name_en = f"{WORD.capitalize()} chamber of commerce"
    partner.save()
    # A second office, in Tanzania, found by its city; it runs nothing on objective 5.
    other = f.OfficeFactory(name_en="Tanzania", country="TZ", city_en=WORD.capitalize())
    other_page = f.CountryOfficePageFactory(
        parent=portal["offices_index"], title="Tanzania", slug="tanzania", office=other
    )
    other_programmes = f.ProgrammeIndexPageFactory(
        parent=other_page, title="Programmes", slug="programmes"
    )
    other_programme = f.ProgrammePageFactory(
        parent=other_programmes, title=f"Ferries to {WORD}", slug="ferries"
    )
    other_programme.offices.add(other)
    other_programme.save_revision().publish()
    return {
        **portal,
        "standard_z": standard,
        "other": other,
        "other_page": other_page,
        "other_programme": other_programme,
    }


def test_every_kind_is_found_and_linked(client, everywhere):
    p = everywhere
    results = found(search(client, q=WORD))
    assert sorted(results) == sorted(
        [
            ("page", f"About {WORD}", url_in(p["standard_z"], "en")),
            ("programme", "Voluntary return", url_in(p["programme"], "en")),
            ("programme", f"Ferries to {WORD}", url_in(p["other_programme"], "en")),
            ("news", f"Opening in {WORD}", url_in(p["article"], "en")),
            # Structured data links to the page that shows it.
            ("office", "Tanzania", url_in(p["other_page"], "en")),
            ("objective", "Enhance pathways", url_in(p["objective_page"], "en")),
            ("action", "Finland 2020", url_in(p["objective_page"], "en")),
            ("partner", f"{WORD.capitalize()} chamber of commerce", url_in(p["programme"], "en")),
        ]
    )
    html = search(client, q=WORD).content.decode()
    for label in ("Country office", "Programme", "News", "Objective", "Country action"):
        assert f'<span class="badge">{label}</span>' in html
    assert '<span class="badge">Partner</span>' in html
    # A partner lists the programmes it is a partner in.
    programme_url = url_in(p["programme"], "en")
    assert re.search(rf'Partner in:\s*<a href="{programme_url}">Voluntary return</a>', html)
    assert '<span class="badge">Page</span>' in html
    assert "8 results for" in html


def test_the_kind_filter_keeps_one_kind(client, everywhere):
    for kind in ("page", "programme", "news", "office", "objective", "action", "partner"):
        response = search(client, q=WORD, kind=kind)
        expected = 2 if kind == "programme" else 1
        assert kinds(response) == [kind] * expected, kind
        html = response.content.decode()
        assert f'<option value="{kind}" selected>' in html


def test_office_and_objective_filters_combine(client, everywhere):
    p = everywhere
    norway, tanzania = p["office"].pk, p["other"].pk
    assert kinds(search(client, q=WORD, office=tanzania)) == ["office", "programme"]
    # Norway's pages, the partner of its programme, the objective its programme serves;
    # the country action is in Finland, not an office's country.
    assert kinds(search(client, q=WORD, office=norway)) == [
        "news",
        "objective",
        "partner",
        "programme",
    ]
    on_objective = kinds(search(client, q=WORD, objective=5))
    assert on_objective == ["action", "news", "objective", "partner", "programme"]
    assert kinds(search(client, q=WORD, objective=5, office=tanzania)) == []
    assert kinds(search(client, q=WORD, objective=5, office=norway, kind="news")) == ["news"]
    # An office filter reaches the country actions of the office's country.
    p["action"].country = "TZ"
    p["action"].save()
    assert kinds(search(client, q=WORD, office=tanzania)) == ["action", "office", "programme"]


def test_structured_data_is_found_in_the_active_language_only(client, portal):
    objective, office, action = portal["objective"], portal["office"], portal["action"]
    # "Lovlige veier" is the objective's Norwegian title; its page title is "Objective 5".
    assert found(search(client, "nb", q="veier")) == [
        ("objective", "Lovlige veier", url_in(portal["objective_page"], "nb"))
    ]
    assert found(search(client, "en", q="veier")) == []
    assert found(search(client, "en", q="pathways"))[0][1] == "Enhance pathways"
    assert found(search(client, "nb", q="pathways")) == []
    # The office is "Norge" in Norwegian; its page has no Norwegian title, so the record shows.
    assert ("office", "Norge", url_in(portal["office_page"], "nb")) in found(
        search(client, "nb", q="norge")
    )
    assert found(search(client, "en", q="norge")) == []
    # English text stands in where there is no translation, and is marked as English.
    assert office.city_nb in (None, "")
    response = search(client, "nb", q="oslo")
    assert [r[0] for r in found(response)] == ["office"]
    assert '<p class="search-result__snippet" lang="en"><mark>Oslo</mark></p>' in (
        response.content.decode()
    )
    # A translated description hides the English one.
    action.description_fr = "A nommé un coordinateur national contre la traite des êtres humains."
    action.save()
    assert [r[0] for r in found(search(client, "fr", q="traite"))] == ["action"]
    assert found(search(client, "fr", q="trafficking")) == []
    assert [r[0] for r in found(search(client, "nb", q="trafficking"))] == ["action"]
    assert objective.pk  # the fixture's objective, unchanged


def test_a_record_shown_by_a_page_that_is_found_too_is_not_listed_twice(client, portal):
    # "Norway" is both the office's name and its page's title: one result, the page.
    results = found(search(client, q="norway"))
    assert ("office", "Norway", url_in(portal["office_page"], "en")) in results
    assert [r for r in results if r[1] == "Norway"] == [
        ("office", "Norway", url_in(portal["office_page"], "en"))
    ]
    assert search(client, q="norway").context["results"][0].is_page


def test_private_sections_stay_out_of_the_results(client, portal):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=portal["offices_index"], restriction_type="password", password="secret"
    )
    results = found(search(client, q="norway"))
    # Not the office page nor anything under it; the office itself links to no private page.
    assert results == [("office", "Norway", None)]
    assert found(search(client, q="voluntary")) == []


def test_highlighting_escapes_html(client, portal):
    f.StandardPageFactory(
        parent=portal["home"],
        title="<script>alert(1)</script> Quokka",
        slug="quokka",
        summary_en='Quokkas & <b onmouseover="x()">wallabies</b> of the quokka island.',
    )
    partner = portal["partner"]
    partner.name_en = "<img src=x onerror=alert(2)> Quokka friends"
    partner.save()
    html = search(client, q="quokka").content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b onmouseover" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Quokka</mark>" in html
    assert "&lt;img src=x onerror=alert(2)&gt; <mark>Quokka</mark> friends" in html
    assert "&amp; &lt;b onmouseover=&quot;x()&quot;&gt;wallabies" in html
    # The query itself is escaped wherever it is shown.
    html = search(client, q='<i>"quokka"</i>').content.decode()
    assert "<i>" not in html
    assert "&lt;i&gt;&quot;quokka&quot;&lt;/i&gt;" in html


def test_snippets_are_cut_around_the_first_match():
    text = " ".join(f"w{i}" for i in range(100)) + " <target> & more"
    html = highlight(text, words("target"), limit=12)
    assert html.startswith("… ")
    assert "&lt;<mark>target</mark>&gt; &amp; more" in html
    assert len(html.split()) <= 16
    assert highlight("Plain <b>title</b>", words("title")) == (
        "Plain &lt;b&gt;<mark>title</mark>&lt;/b&gt;"
    )


def test_pagination_keeps_the_query_and_filters(client, portal):
    for i in range(12):
        f.StandardPageFactory(parent=portal["office_page"], title=f"Walrus {i}", slug=f"walrus-{i}")
    params = {"q": "walrus", "kind": "page", "office": portal["office"].pk}
    response = search(client, **params)
    assert response.context["results"].paginator.count == 12
    html = response.content.decode()
    link = re.search(r'href="(\?[^"]*)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "q=walrus" in link and "kind=page" in link and f"office={portal['office'].pk}" in link
    second = client.get(f"/en/search/{link}")
    assert len(second.context["results"]) == 2
    assert second.context["results"].number == 2
    assert all(result.kind == "page" for result in second.context["results"])


def test_odd_input_gives_a_calm_page(client, portal):
    queries = [
        "%",
        "%%",
        "_",
        "'",
        '"',
        "\\",
        "*",
        "(",
        ")",
        "AND OR NOT",
        "NEAR(",
        "a\x00b",
        "\x1b[31mred\x07",
        "\t\n\r",
        "^:-+",
        "a" * 5000,
        "word " * 300,
        "🙂",
        "Robert'); DROP TABLE wagtailcore_page;--",
        ".*+?[](){}|$",
        "norway%",
        "SELECT * FROM x",
        "ǅ ß İ ﬁ",
    ]
    for q in queries:
        response = search(client, q=q)
        assert len(response.context["query"]) <= MAX_QUERY_LENGTH
        assert "\x00" not in response.context["query"]
    assert search(client, q="a\x00b").context["query"] == "a b"
    assert search(client, q="norway%").context["results"].paginator.count >= 1
    for params in [
        {"page": "99999999999999999999999"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "1e9"},
        {"page": "9" * 5000},
        {"kind": "nonsense"},
        {"office": "abc"},
        {"office": "99999999"},
        {"office": "9" * 100},
        {"office": "1\x00"},
        {"objective": "0"},
        {"objective": "99"},
        {"objective": "5'"},
        {"objective": "٥"},  # an Arabic-Indic five
    ]:
        response = search(client, q="norway", **params)
        assert response.context["results"].paginator.count >= 1, params
        if "page" not in params:
            assert "was not recognised" in response.content.decode(), params


def test_only_punctuation_finds_nothing_and_says_why(client, portal):
    response = search(client, q="%%!")
    assert response.context["results"].paginator.count == 0
    assert "has no letters or numbers" in response.content.decode()


def test_no_results_page_helps(client, portal):
    response = search(client, q="qwertyuiop", kind="office", objective=5)
    html = response.content.decode()
    assert "0 results for" in html
    assert 'href="/en/search/?q=qwertyuiop"' in html  # the same search without the filters
    assert f'href="{url_in(portal["offices_index"], "en")}"' in html
    assert f'href="{url_in(portal["programme_index"], "en")}"' in html
    assert f'href="{url_in(portal["compact_index"], "en")}"' in html
    assert "Search again without the filters" not in search(client, q="qwertyuiop").content.decode()


def test_empty_query_shows_the_form_and_guidance(client, portal):
    html = search(client).content.decode()
    assert 'id="search-page-q"' in html
    for control in ("search-kind", "search-office", "search-objective"):
        assert f'<label for="{control}">' in html and f'id="{control}"' in html
    assert "Type one or more words" in html
    assert "results for" not in html


def count_queries(client, params):
    client.get("/en/search/", params)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/en/search/", params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.context["results"].paginator.count


def test_queries_do_not_grow_with_the_results(client, portal):
    serial = iter(range(100))

    def add(n):
        for i in (next(serial) for _ in range(n)):
            partner = f.PartnerFactory(name_en="Narwhal society")
            portal["programme"].partners.add(partner)
            f.OfficeFactory(name_en="Narwhal office")
            f.CountryActionFactory(description_en="Narwhal watch", objectives=[portal["objective"]])
            f.StandardPageFactory(parent=portal["home"], title="Narwhal page", slug=f"n-{i}")

    params = {"q": "narwhal"}
    filtered = {**params, "office": portal["office"].pk, "objective": 5}
    add(1)
    small, count = count_queries(client, params)
    small_filtered, _ = count_queries(client, filtered)
    assert count == 4
    add(6)
    large, count = count_queries(client, params)
    large_filtered, _ = count_queries(client, filtered)
    assert count == 28
    # Partners' programmes are read only when a partner is on the page shown (two queries):
    # at most as many queries with more results, never more.
    assert large <= small <= 20
    assert large_filtered <= small_filtered <= 20


def test_a_partner_in_many_programmes_lists_the_first_few_and_counts_the_rest(client, portal):
    """The first five live programmes by title are listed; the rest are counted, drafts not."""
    partner = f.PartnerFactory(name_en=f"{WORD.capitalize()} foundation", kind="ngo")
    parent = portal["programme"].get_parent()
    for letter in "GFEDCBA":
        programme = f.ProgrammePageFactory(parent=parent, title=f"{letter} programme")
        programme.partners.add(partner)
        programme.save_revision().publish()
    draft = f.ProgrammePageFactory(parent=parent, title="AA draft programme", live=False)
    draft.partners.add(partner)

    with CaptureQueriesContext(connection) as queries:
        response = search(client, q=WORD, kind="partner")
    (result,) = response.context["results"]
    assert [title.text for title, _url, _page in result.related_links] == [
        f"{letter} programme" for letter in "ABCDE"
    ]
    assert result.more_related == 2
    assert "and 2 more" in response.content.decode()
    # Only those five are read (one query), not every programme of the partner.
    assert len(result.related) == 5
    programme_reads = [q for q in queries.captured_queries if "_prefetch_related_val" in q["sql"]]
    assert len(programme_reads) == 1


def test_country_actions_link_to_their_objective_pages(client, portal):
    """Actions name their objectives in order and link to the first one's page."""
    first = portal["objective"]
    second = f.ObjectiveFactory(number=2, title_en="Minimise drivers")
    action = f.CountryActionFactory(objectives=[first, second], country="TZ", year=2021)
    action.description_en = f"Mapped {WORD} routes."
    action.save()
    (result,) = search(client, q=WORD, kind="action").context["results"]
    assert result.meta == "Objective 2, Objective 5"
    assert result.url == url_in(portal["objective_page"], "en")
