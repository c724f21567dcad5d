"""/sitemap.xml and /robots.txt: every live public page in every language, reciprocal hreflang
sets with x-default, a few queries whatever the number of pages, split into files when large."""

import xml.etree.ElementTree as ET
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from portal.site import sitemaps
from tests.support import factories as f
from tests.support.helpers import LANGUAGES, url_in
from tests.support.portal import PAGE_KEYS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
BASE = "http://testserver"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own sitemap)


def entries(root):
    """{loc: {"lastmod": str | None, "alternates": {hreflang: href}}} of a <urlset>."""
    assert root.tag == f"{{{NS['sm']}}}urlset"
    found = {}
    for url in root.findall("sm:url", NS):
        loc = url.findtext("sm:loc", namespaces=NS)
        assert loc not in found, f"{loc} listed twice"
        found[loc] = {
            "lastmod": url.findtext("sm:lastmod", namespaces=NS),
            "alternates": {
                link.get("hreflang"): link.get("href")
                for link in url.findall("xhtml:link", NS)
                if link.get("rel") == "alternate"
            },
        }
    return found


def sitemap_entries(client):
    return entries(parse(client.get("/sitemap.xml")))


def expected_locs(pages):
    # url_in gives a path (one site) or a full URL on the site's own host (several sites).
    return {BASE + urlsplit(url_in(page, lang)).path for page in pages for lang in LANGUAGES}


def test_every_live_public_page_in_every_language_with_reciprocal_alternates(client, portal):
    found = sitemap_entries(client)
    assert set(found) == expected_locs(portal[key] for key in PAGE_KEYS)

    for loc, entry in found.items():
        # Every URL answers.
        assert loc.startswith(BASE + "/")
        assert client.get(loc.removeprefix(BASE)).status_code == 200, loc
        # Every language, then x-default (the English URL); the page's own URL among them.
        alternates = entry["alternates"]
        assert list(alternates) == [*LANGUAGES, "x-default"]
        assert loc in alternates.values()
        assert alternates["x-default"] == alternates["en"]
        for lang, href in alternates.items():
            # Each alternate is listed too, and names the same set back.
            assert found[href]["alternates"] == alternates, (loc, lang)

    article = portal["article"]
    entry = found[BASE + url_in(article, "nb")]
    assert entry["alternates"]["nb"] == BASE + url_in(article, "nb")
    assert entry["alternates"]["en"] == BASE + "/en/news/a-new-office/"


def test_lastmod_and_translated_slugs(client, portal):
    office_page = portal["office_page"]
    office_page.slug_nb = "norge"
    office_page.save_revision().publish()
    found = sitemap_entries(client)

    # Each language has its own URL, routed by its own slugs.
    nb_url = BASE + "/nb/where-we-work/norge/"
    assert nb_url in found
    assert found[nb_url]["alternates"]["en"] == BASE + "/en/where-we-work/norway/"
    assert BASE + "/nb/where-we-work/norge/programmes/" in found

    # lastmod: when the page was last published.
    office_page.refresh_from_db()
    for lang in LANGUAGES:
        lastmod = found[BASE + url_in(office_page, lang)]["lastmod"]
        published = office_page.last_published_at.replace(microsecond=0)
        assert datetime.fromisoformat(lastmod) == published


def test_drafts_unpublished_and_private_pages_are_left_out(client, portal):
    unpublished = f.StandardPageFactory(parent=portal["home"], title="Secret plan", slug="secret")
    unpublished.unpublish()
    draft_only = f.StandardPageFactory(
        parent=portal["home"], title="Draft", slug="draft", live=False
    )
    # A newer draft of a live page: the sitemap keeps the published URL.
    standard = portal["standard"]
    standard.slug_en = "renamed-in-draft"
    standard.save_revision()
    private = f.StandardPageFactory(parent=portal["home"], title="Members", slug="members")
    f.StandardPageFactory(parent=private, title="Inside", slug="inside")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    locs = set(sitemap_entries(client))
    assert BASE + "/en/about/" in locs
    text = " ".join(locs)
    for slug in ("secret", "draft", "renamed-in-draft", "members", "inside"):
        assert f"/{slug}/" not in text, slug
    assert not Page.objects.get(pk=unpublished.pk).live
    assert not Page.objects.get(pk=draft_only.pk).live


def test_pages_of_another_site_are_left_out(client, portal):
    other_home = f.HomePageFactory.build(title="Other", slug="other-home")
    Page.get_first_root_node().add_child(instance=other_home)
    f.StandardPageFactory(parent=other_home, title="Elsewhere", slug="elsewhere")
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    locs = set(sitemap_entries(client))
    assert locs == expected_locs(portal[key] for key in PAGE_KEYS)


def count_queries(client, url):
    client.get(url)  # warm the per-language site root paths cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_pages(client, portal):
    before = count_queries(client, "/sitemap.xml")
    for i in range(15):
        parent = f.StandardPageFactory(parent=portal["home"], title=f"Section {i}")
        f.StandardPageFactory(parent=parent, title=f"Sub-page {i}")
    after = count_queries(client, "/sitemap.xml")
    assert len(sitemap_entries(client)) == (len(PAGE_KEYS) + 30) * len(LANGUAGES)
    assert after == before
    assert after <= 5


def test_large_sitemaps_are_split_into_an_index(client, portal, monkeypatch):
    monkeypatch.setattr(sitemaps, "URLS_PER_FILE", 3 * len(LANGUAGES))  # 3 pages per file
    index = parse(client.get("/sitemap.xml"))
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    files = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    pages = len(PAGE_KEYS)
    assert files == [f"{BASE}/sitemap-{n}.xml" for n in range(1, -(-pages // 3) + 1)]

    found = {}
    for url in files:
        part = entries(parse(client.get(url.removeprefix(BASE))))
        assert len(part) <= 3 * len(LANGUAGES)
        assert not set(part) & set(found)
        found.update(part)
    assert set(found) == expected_locs(portal[key] for key in PAGE_KEYS)

    assert count_queries(client, "/sitemap.xml") <= 4
    assert count_queries(client, f"/sitemap-{len(files)}.xml") <= 5

    for number in ("0", str(len(files) + 1), "99999999999999999999999999999"):
        assert client.get(f"/sitemap-{number}.xml").status_code == 404, number


def test_robots_txt(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert "Disallow: /admin/" in lines
    for lang in LANGUAGES:
        assert f"Disallow: /{lang}/search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    # Nothing public is shut out: only the admin and the search result pages.
    disallowed = [line for line in lines if line.startswith("Disallow:")]
    assert len(disallowed) == 1 + len(LANGUAGES)
