"""Pages sized for scale: on a portal with generated data (31 offices, about 400 pages in seven
languages), the sitemap is split into files of at most 2,000 URLs with every hreflang set whole;
the Global Compact index shows the matrix a page of offices at a time, with the whole table as
CSV and JSON; the office index pages its cards while its map shows every office; the home page
shows a few offices and links to the rest. The small portal's pages show none of this."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Page

from compact.models import CompactIndexPage
from offices.matrix import OFFICES_PER_PAGE, objective_matrix
from offices.models import OFFICE_CARDS_PER_PAGE, Office, OfficeIndexPage
from portal.core.i18n import LANGUAGE_CODES
from portal.models import HOME_OFFICES
from portal.site import sitemaps
from tests.support.helpers import without_nonces, x_cache
from tests.support.portal import build_portal, shared

pytestmark = [pytest.mark.django_db]

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
BASE = "http://testserver"
GENERATED = ["--offices", "30", "--programmes", "300", "--articles", "0", "--actions", "0"]


def build_scaled_portal():
    portal = build_portal()
    call_command(
        "generate_scale_data", "--scale", "small", *GENERATED, "--partners", "5", "--no-index",
        verbosity=0,
    )  # fmt: skip
    return portal


@pytest.fixture(scope="module")
def scaled(django_db_setup, django_db_blocker):
    with shared(django_db_blocker, build=build_scaled_portal) as portal:
        yield {key: (type(page), page.pk) for key, page in portal.items()}


@pytest.fixture
def offices(scaled):
    """The live offices, by their English names (the order of the English pages)."""
    with translation.override("en"):
        return list(Office.objects.live().order_by("name"))


def parse(response):
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 (our own sitemap)


def urls_of(root):
    """{loc: {hreflang: href}} of a <urlset>."""
    assert root.tag == f"{{{NS['sm']}}}urlset"
    return {
        url.findtext("sm:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
        for url in root.findall("sm:url", NS)
    }


def test_sitemap_files_hold_at_most_2000_urls_and_whole_hreflang_sets(client, scaled):
    index = parse(client.get("/sitemap.xml"))
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    files = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert len(files) >= 2
    assert files == [f"{BASE}/sitemap-{n}.xml" for n in range(1, len(files) + 1)]

    found = {}
    for url in files:
        part = urls_of(parse(client.get(url.removeprefix(BASE))))
        assert 0 < len(part) <= sitemaps.URLS_PER_FILE == 2000
        for loc, alternates in part.items():
            # A page's URLs in every language are in the same file as each other.
            assert set(alternates.values()) <= set(part), loc
        assert not set(part) & set(found)
        found.update(part)

    pages = Page.objects.live().public().filter(depth__gt=1)
    assert len(found) == pages.count() * len(LANGUAGE_CODES) > 2000
    for loc, alternates in found.items():
        assert list(alternates) == [*LANGUAGE_CODES, "x-default"]
        assert loc in alternates.values()
        for href in alternates.values():
            assert found[href] == alternates, (loc, href)
    assert client.get(f"/sitemap-{len(files) + 1}.xml").status_code == 404


def matrix_rows(html):
    """The office names heading the rows of the page's matrix, in order."""
    return re.findall(r'<th scope="row" class="matrix__office">(?:<a [^>]*>)?([^<]+)<', html)


def compact_index_url():
    return CompactIndexPage.objects.live().get().get_url()


def test_the_compact_index_shows_the_matrix_a_page_of_offices_at_a_time(client, offices):
    url = compact_index_url()
    full = objective_matrix()
    assert len(full.rows) == len(offices) > OFFICES_PER_PAGE
    pages = -(-len(offices) // OFFICES_PER_PAGE)

    shown = []
    for number in range(1, pages + 1):
        response = client.get(url, {"page": number})
        html = response.content.decode()
        rows = matrix_rows(html)
        assert 0 < len(rows) <= OFFICES_PER_PAGE
        shown += rows
        # The range shown, the whole table's links and the pages.
        first = (number - 1) * OFFICES_PER_PAGE + 1
        assert f"Offices {first} to {first + len(rows) - 1} of {len(offices)}." in html
        assert 'href="/en/compact-matrix.csv"' in html
        assert 'href="/en/compact-matrix.json"' in html
        assert 'class="pagination"' in html
        # Each page's cells are the whole matrix's, shaded against the whole table.
        page_matrix = response.context["matrix"]
        for row in page_matrix.rows:
            expected = next(r for r in full.rows if r.office.pk == row.office.pk)
            assert [(c.count, c.level) for c in row.cells] == [
                (c.count, c.level) for c in expected.cells
            ]
    assert shown == [office.name_en for office in offices]
    # Past the end: the last page; not a number: the first.
    assert matrix_rows(client.get(url, {"page": 999}).content.decode()) == rows
    assert matrix_rows(client.get(url, {"page": "x"}).content.decode()) == shown[:OFFICES_PER_PAGE]


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_whole_matrix_as_csv_and_json(client, offices):
    full = objective_matrix()
    counts = {row.office.pk: [cell.count for cell in row.cells] for row in full.rows}
    assert any(any(row) for row in counts.values())

    data = client.get("/fr/compact-matrix.json").json()
    assert data["language"] == "fr"
    assert [o["number"] for o in data["objectives"]] == list(range(1, 24))
    with translation.override("fr"):  # in the order of the names in French
        in_french = list(Office.objects.live().order_by("name"))
    assert [o["id"] for o in data["offices"]] == [office.pk for office in in_french]
    for office, row in zip(in_french, data["offices"], strict=True):
        assert row["programmes"] == counts[office.pk]
        assert row["name"] == (office.name_fr or office.name_en)
        assert row["country"] == office.country.code
        if row["url"]:
            assert urlsplit(row["url"]).path.startswith("/fr/")
            assert client.get(row["url"]).status_code == 200

    with translation.override("en"):
        rows = read_csv(client.get("/en/compact-matrix.csv"))
    assert rows[0][:3] == ["Office", "Country", "Page address"]
    assert rows[0][3:] == [f"Objective {n}" for n in range(1, 24)]
    assert [row[0] for row in rows[1:]] == [office.name_en for office in offices]
    for office, row in zip(offices, rows[1:], strict=True):
        assert [int(n) for n in row[3:]] == counts[office.pk]


def office_index_url():
    return OfficeIndexPage.objects.live().get().get_url()


def test_the_office_index_pages_its_cards_and_maps_every_office(client, offices):
    url = office_index_url()
    assert len(offices) > OFFICE_CARDS_PER_PAGE
    carded = []
    for number in (1, 2):
        html = client.get(url, {"page": number}).content.decode()
        map_part, cards = html.split('<ul class="card-grid plain-list">')
        cards = cards.split("</ul>")[0]
        carded += re.findall(r'<h2 class="card__title">(?:<a [^>]*>)?([^<]+)<', cards)
        assert 'class="pagination"' in html
        # The map lists and links every office on every page.
        for office in offices:
            assert f'href="{office.page.url}"' in map_part, office.name_en
    assert carded == [office.name_en for office in offices]


def test_the_home_page_shows_a_few_offices_and_links_to_all(client, offices):
    html = client.get("/en/").content.decode()
    section = html.split('id="home-offices"')[1].split("</section>")[0]
    cards = re.findall(r'<h3 class="card__title">(?:<a [^>]*>)?([^<]+)<', section)
    assert cards == [office.name_en for office in offices[:HOME_OFFICES]]
    link = f'<a href="{office_index_url()}">All {len(offices)} offices</a>'
    assert link in section


@pytest.mark.parametrize("url", [compact_index_url, office_index_url], ids=["compact", "offices"])
def test_the_page_cache_keeps_each_page_of_offices_apart(client, offices, caching, url):
    """`?page=` is one of the parameters these pages read: the cache keeps page 2 under a key of
    its own, never serving page 1 for it (or a junk parameter's render for either)."""
    pages = {}
    for number in (1, 2):
        first = client.get(url(), {"page": number})
        again = client.get(url(), {"page": number, "utm_source": "x"})
        assert x_cache(first) == "miss" and x_cache(again) == "hit", number
        assert without_nonces(again.content) == without_nonces(first.content)
        pages[number] = without_nonces(first.content)
    assert pages[1] != pages[2]
