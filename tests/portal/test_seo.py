"""The <head> of every page type: canonical and hreflang alternates equal to the sitemap's, Open
Graph and Twitter card tags, JSON-LD that parses, and the news feeds it advertises."""

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
import wagtail_factories
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Collection

from tests.support import factories as f
from tests.support.helpers import LANGUAGES, url_in
from tests.support.portal import PAGE_KEYS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

BASE = "http://testserver"
JSON_LD_TYPES = {
    "article": ["NewsArticle"],
    "office_page": ["Organization"],
    "publication": ["Report"],
}
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


class Head(HTMLParser):
    """The <link>, <meta> and JSON-LD of a page's <head>."""

    def __init__(self, html):
        super().__init__()
        self.links, self.meta, self.json_ld = [], [], []
        self._in_head = self._in_json_ld = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif self._in_head and tag == "link":
            self.links.append(attrs)
        elif self._in_head and tag == "meta":
            self.meta.append(attrs)
        elif self._in_head and tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        elif tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def canonical(self):
        found = [link["href"] for link in self.links if link.get("rel") == "canonical"]
        assert len(found) <= 1
        return found[0] if found else None

    def alternates(self):
        return {
            link["hreflang"]: link["href"]
            for link in self.links
            if link.get("rel") == "alternate" and "hreflang" in link
        }

    def feeds(self):
        return [
            link
            for link in self.links
            if link.get("rel") == "alternate"
            and link.get("type") in ("application/rss+xml", "application/atom+xml")
        ]

    def prop(self, name):
        """The content of every <meta property=name> (Open Graph) or <meta name=name>."""
        return [
            m["content"] for m in self.meta if m.get("property") == name or m.get("name") == name
        ]

    def data(self):
        return [json.loads(text) for text in self.json_ld]


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Head(response.content.decode())


def sitemap_alternates(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own sitemap)
    return {
        url.findtext("sm:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
        for url in root.findall("sm:url", NS)
    }


def test_every_page_type_has_the_sitemaps_canonical_and_alternates(client, portal):
    in_sitemap = sitemap_alternates(client)
    for lang in ("en", "nb"):
        for key in PAGE_KEYS:
            url = url_in(portal[key], lang)
            head = head_of(client, url)
            canonical = BASE + url
            assert head.canonical() == canonical, key
            assert head.alternates() == in_sitemap[canonical], key
            assert list(head.alternates()) == [*LANGUAGES, "x-default"]
            assert head.alternates()["x-default"] == BASE + url_in(portal[key], "en")
            assert all(href.startswith(BASE + "/") for href in head.alternates().values())
            assert head.prop("og:url") == [canonical], key
            types = [data["@type"] for data in head.data()]
            assert types == JSON_LD_TYPES.get(key, []), key

    # Reciprocal: every language version of a page names the same set.
    heads = {lang: head_of(client, url_in(portal["programme"], lang)) for lang in LANGUAGES}
    sets = [head.alternates() for head in heads.values()]
    assert all(s == sets[0] for s in sets)
    for lang, head in heads.items():
        assert head.alternates()[lang] == head.canonical()


def test_open_graph_and_twitter_tags(client, portal):
    office_page = portal["office_page"]
    office_page.title_nb = "Norge-kontoret"
    office_page.summary_nb = "Kontoret i Oslo."
    office_page.save_revision().publish()
    head = head_of(client, url_in(office_page, "nb"))
    with translation.override("nb"):
        site_name = gettext("Migration portal")
    assert head.prop("og:site_name") == [site_name]
    assert head.prop("og:title") == ["Norge-kontoret"]
    assert head.prop("og:description") == ["Kontoret i Oslo."]
    assert head.prop("og:type") == ["website"]
    assert head.prop("og:locale") == ["nb_NO"]
    assert len(head.prop("og:locale:alternate")) == len(LANGUAGES) - 1
    assert "nb_NO" not in head.prop("og:locale:alternate")
    assert head.prop("twitter:card") == ["summary"]  # no picture
    assert head.prop("twitter:title") == ["Norge-kontoret"]
    assert head.prop("og:image") == []

    # Untranslated text: the English.
    head = head_of(client, url_in(portal["standard"], "fi"))
    assert head.prop("og:title") == ["About us"]
    assert head.prop("og:description") == ["A short summary for lists."]
    assert head.prop("og:locale") == ["fi_FI"]


def test_article_is_an_open_graph_article_and_a_news_article(client, portal):
    article = portal["article"]
    article.title_nb = "Et nytt kontor"
    article.body_nb = f.body("Vi har åpnet et kontor.")
    article.save_revision().publish()
    head = head_of(client, url_in(article, "nb"))
    assert head.prop("og:type") == ["article"]
    assert head.prop("article:published_time") == [article.date.isoformat()]
    [data] = head.data()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Et nytt kontor"
    assert data["inLanguage"] == "nb"
    assert data["datePublished"] == article.date.isoformat()
    assert data["dateModified"]
    assert data["url"] == BASE + url_in(article, "nb")
    assert data["publisher"]["@type"] == "Organization"
    assert data["author"][0] == {
        "@type": "Organization",
        "name": "Norge",
        "url": BASE + url_in(portal["office_page"], "nb"),
    }

    # Where the article has no Swedish text, it says it is in English.
    [data] = head_of(client, url_in(article, "sv")).data()
    assert data["inLanguage"] == "en"
    assert data["headline"] == "A new office"


def test_office_page_is_an_organization(client, portal):
    office = portal["office"]
    office.website = "https://norway.example.org"
    office.address_en = "Storgata 1"
    office.phone = "+47 22 00 00 00"
    office.save()
    [data] = head_of(client, url_in(portal["office_page"], "nb")).data()
    assert data["@type"] == "Organization"
    assert data["name"] == "Norge"
    assert data["url"] == BASE + url_in(portal["office_page"], "nb")
    assert data["email"] == "office@example.org"
    assert data["sameAs"] == ["https://norway.example.org"]
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Storgata 1",
        "addressLocality": "Oslo",
        "addressCountry": "NO",
    }


def test_json_ld_cannot_close_its_script(client, portal):
    office = portal["office"]
    office.name_en = office.name_nb = 'Oslo </script><script>alert("x")</script> & co'
    office.save()
    response = client.get(url_in(portal["office_page"], "en"))
    html = response.content.decode()
    assert "<script>alert" not in html
    [data] = Head(html).data()
    assert data["name"] == 'Oslo </script><script>alert("x")</script> & co'


def test_share_image_is_a_rendition(client, portal):
    image = wagtail_factories.ImageFactory(
        collection=Collection.get_first_root_node(), file__width=1600, file__height=900
    )
    standard = portal["standard"]
    standard.body_en = [
        {"type": "paragraph", "value": "<p>Words first.</p>"},
        {"type": "image", "value": {"image": image.pk, "alt_text": "A fjord.", "caption": ""}},
    ]
    standard.save_revision().publish()
    head = head_of(client, url_in(standard, "fr"))
    [og_image] = head.prop("og:image")
    assert og_image.startswith(BASE + "/")
    assert "fill-1200x630" in og_image
    assert og_image != BASE + image.file.url
    assert head.prop("og:image:width") == ["1200"]
    assert head.prop("og:image:height") == ["630"]
    assert head.prop("og:image:alt") == ["A fjord."]
    assert head.prop("twitter:card") == ["summary_large_image"]
    assert head.prop("twitter:image") == [og_image]


def test_news_index_and_office_pages_advertise_their_feeds(client, portal):
    office_news = f.NewsIndexPageFactory(parent=portal["office_page"], title="News", slug="news")
    head = head_of(client, url_in(portal["news"], "fr"))
    feeds = {link["type"]: link["href"] for link in head.feeds()}
    assert feeds == {
        "application/rss+xml": BASE + "/fr/feeds/news/rss/",
        "application/atom+xml": BASE + "/fr/feeds/news/atom/",
    }
    html = client.get(url_in(portal["news"], "fr")).content.decode()
    assert 'href="http://testserver/fr/feeds/news/rss/"' in html.split("</head>")[1]

    office_id = portal["office"].pk
    head = head_of(client, url_in(portal["office_page"], "nb"))
    feeds = {link["type"]: link["href"] for link in head.feeds()}
    assert feeds == {
        "application/rss+xml": f"{BASE}/nb/feeds/offices/{office_id}/rss/",
        "application/atom+xml": f"{BASE}/nb/feeds/offices/{office_id}/atom/",
    }
    assert all("Norge" in link["title"] for link in head.feeds())
    for href in feeds.values():
        assert client.get(href.removeprefix(BASE)).status_code == 200

    # A news index under an office page offers that office's feeds.
    head = head_of(client, url_in(office_news, "en"))
    assert {link["href"] for link in head.feeds()} == {
        f"{BASE}/en/feeds/offices/{office_id}/rss/",
        f"{BASE}/en/feeds/offices/{office_id}/atom/",
    }

    assert head_of(client, url_in(portal["article"], "en")).feeds() == []


def test_views_without_a_page(client, portal):
    head = head_of(client, "/nb/search/?q=return")
    assert head.canonical() is None
    alternates = head.alternates()
    assert list(alternates) == [*LANGUAGES, "x-default"]
    assert alternates["x-default"] == alternates["en"]
    assert alternates["fr"] == BASE + "/fr/search/?q=return"
    assert head.prop("og:locale") == ["nb_NO"]

    # A page not found: nothing to point at.
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    head = Head(response.content.decode())
    assert head.canonical() is None
    assert head.alternates() == {}
