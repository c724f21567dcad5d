"""RSS and Atom feeds of the news, per language and per office."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import PageViewRestriction

from portal.core.i18n import language_name
from tests.support import factories as f
from tests.support.helpers import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

BASE = "http://testserver"
ATOM = {"a": "http://www.w3.org/2005/Atom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def rss(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 (our own feed)
    items = [
        {
            "title": item.findtext("title"),
            "link": item.findtext("link"),
            "description": item.findtext("description"),
            "category": item.findtext("category"),
        }
        for item in channel.findall("item")
    ]
    return channel, items


def atom(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    entries = [
        {
            "title": entry.findtext("a:title", namespaces=ATOM),
            "link": entry.find("a:link", ATOM).get("href"),
            "summary": entry.findtext("a:summary", namespaces=ATOM),
            "updated": entry.findtext("a:updated", namespaces=ATOM),
        }
        for entry in feed.findall("a:entry", ATOM)
    ]
    return feed, entries


@pytest.fixture
def news(portal):
    """A translated article, one in English only, and one from another office."""
    article = portal["article"]
    article.title_nb = "Et nytt kontor"
    article.summary_nb = "Vi har åpnet et kontor i Oslo."
    article.body_nb = article.body_en  # read in Norwegian: no marker in its title
    article.date = datetime.date(2024, 5, 2)
    article.save_revision().publish()
    english_only = f.ArticlePageFactory(
        parent=portal["news"],
        title="Only in English",
        slug="only-in-english",
        summary_en="Not translated yet.",
        date=datetime.date(2024, 6, 1),
        office=portal["office"],
    )
    other_office = f.OfficeFactory(name_en="Finland", country="FI", city_en="Helsinki")
    elsewhere = f.ArticlePageFactory(
        parent=portal["news"],
        title="News from Helsinki",
        slug="helsinki",
        date=datetime.date(2024, 4, 1),
        office=other_office,
    )
    return {"article": article, "english_only": english_only, "elsewhere": elsewhere}


def test_news_rss_in_norwegian(client, portal, news):
    channel, items = rss(client, "/nb/feeds/news/rss/")
    assert channel.findtext("language") == "nb"
    assert channel.findtext("link") == BASE + url_in(portal["news"], "nb")
    with translation.override("nb"):
        assert gettext("Latest news") in channel.findtext("title")
    # Newest first, each linking to its Norwegian URL.
    assert [item["link"] for item in items] == [
        BASE + url_in(news["english_only"], "nb"),
        BASE + url_in(news["article"], "nb"),
        BASE + url_in(news["elsewhere"], "nb"),
    ]
    english_only, translated, _elsewhere = items
    assert translated["title"] == "Et nytt kontor"
    assert translated["description"] == "<p>Vi har åpnet et kontor i Oslo.</p>"

    # Not translated: the English text, visibly marked as such.
    english = "engelsk"  # the marker's words: lower case, as Norwegian writes them
    assert english_only["title"] == f"Only in English ({english})"
    with translation.override("nb"):
        notice = gettext(
            "This text is not yet available in %(language)s; it is shown in %(fallback_language)s."
        ) % {"language": language_name("nb"), "fallback_language": language_name("en")}
    assert notice in english_only["description"]
    assert '<p lang="en">Not translated yet.</p>' in english_only["description"]


def test_news_in_english_and_atom(client, portal, news):
    channel, items = rss(client, "/en/feeds/news/rss/")
    assert channel.findtext("language") == "en"
    titles = [item["title"] for item in items]
    assert titles == ["Only in English", "A new office", "News from Helsinki"]
    assert all("lang=" not in item["description"] for item in items)
    assert items[1]["link"] == BASE + "/en/news/a-new-office/"

    feed, entries = atom(client, "/fr/feeds/news/atom/")
    assert feed.get(XML_LANG) == "fr"
    assert [entry["link"] for entry in entries] == [
        BASE + url_in(news["english_only"], "fr"),
        BASE + url_in(news["article"], "fr"),
        BASE + url_in(news["elsewhere"], "fr"),
    ]
    english = "anglais"  # the marker's words: lower case, as French writes them
    assert entries[1]["title"] == f"A new office ({english})"
    assert all(datetime.datetime.fromisoformat(entry["updated"]) for entry in entries)
    assert feed.find("a:author/a:name", ATOM) is not None


def test_office_feed_has_only_that_offices_news(client, portal, news):
    office = portal["office"]
    # Under the office's page, though it names no office: also the office's news.
    office_news = f.NewsIndexPageFactory(parent=portal["office_page"], title="News", slug="news")
    local = f.ArticlePageFactory(
        parent=office_news, title="Local story", date=datetime.date(2024, 1, 1)
    )

    channel, items = rss(client, f"/nb/feeds/offices/{office.pk}/rss/")
    assert channel.findtext("link") == BASE + url_in(portal["office_page"], "nb")
    assert "Norge" in channel.findtext("title")
    assert [item["link"] for item in items] == [
        BASE + url_in(news["english_only"], "nb"),
        BASE + url_in(news["article"], "nb"),
        BASE + url_in(local, "nb"),
    ]

    feed, entries = atom(client, f"/en/feeds/offices/{office.pk}/atom/")
    assert [entry["title"] for entry in entries] == [
        "Only in English",
        "A new office",
        "Local story",
    ]


def test_unknown_office_or_office_without_a_live_page_is_not_found(client, portal):
    for path in ("999999/rss/", "999999/atom/", "99999999999999999999999999/rss/", "0/rss/"):
        assert client.get(f"/en/feeds/offices/{path}").status_code == 404, path
    office_feed = f"/en/feeds/offices/{portal['office'].pk}/rss/"
    assert client.get(office_feed).status_code == 200
    portal["office_page"].unpublish()
    assert client.get(office_feed).status_code == 404


def test_drafts_unpublished_and_private_articles_are_left_out(client, portal, news):
    news["elsewhere"].unpublish()
    f.ArticlePageFactory(parent=portal["news"], title="Never published", live=False)
    private = f.ArticlePageFactory(parent=portal["news"], title="Members only")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    # A newer draft of a published article: the feed shows what is published.
    article = news["article"]
    article.title_en = "Draft title"
    article.save_revision()

    for url in ("/en/feeds/news/rss/", f"/en/feeds/offices/{portal['office'].pk}/rss/"):
        _channel, items = rss(client, url)
        titles = [item["title"] for item in items]
        assert titles == ["Only in English", "A new office"], url


def test_feed_queries_do_not_grow_with_articles(client, portal, news):
    def count():
        client.get("/en/feeds/news/rss/")
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/en/feeds/news/rss/")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(8):
        f.ArticlePageFactory(parent=portal["news"], title=f"More {i}", office=portal["office"])
    after = count()
    _channel, items = rss(client, "/en/feeds/news/rss/")
    assert len(items) == 11
    assert after == before
    assert after <= 6
