"""Links that say their language (portal/core/availability.py, the portal_tags `link_lang`,
`lang_marker` and `marked_rich_text`): the rule, its SQL twin, the marks on public pages, rich
text's page links, and "only in my language" (`?mine=1`) on the listings."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.rich_text import RichText, expand_db_html

from offices.models import Office, ProgrammePage
from portal.core import availability
from portal.core.cache import canonical_query
from portal.core.rich_text_links import mark_page_links
from portal.models import ArticlePage
from portal.site.templatetags.portal_tags import page_query
from tests.support import factories as f
from tests.support.helpers import url_in

pytestmark = pytest.mark.django_db


def in_norwegian(page, body=True):
    page.title_nb = f"{page.title_en} (nb)"
    if body:
        page.body_nb = page.body_en
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def with_body(page):
    page.body_en = [("paragraph", RichText("<p>English text.</p>"))]
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def english(lang):
    with translation.override(lang):
        return availability.language_name_here("en")  # "engelsk": lower case mid-sentence


# --- The rule ---------------------------------------------------------------------------------


def test_a_page_is_available_with_its_title_and_its_body_in_the_language(portal):
    article = with_body(portal["article"])
    assert availability.reading_language(article, "en") is None
    assert availability.reading_language(article, "nb") == "en"  # no Norwegian at all

    # A Norwegian title over an English body: read in English.
    article.title_nb = "Et nytt kontor"
    article.save_revision().publish()
    article = ArticlePage.objects.get(pk=article.pk)
    assert availability.reading_language(article, "nb") == "en"

    article = in_norwegian(article)
    assert availability.reading_language(article, "nb") is None
    assert availability.reading_language(article, "fi") == "en"


def test_a_page_without_a_body_in_any_language_needs_its_title_only(portal):
    news = portal["news"]  # a news index: no body field
    assert availability.reading_language(news, "nb") == "en"
    news = in_norwegian(news, body=False)
    assert availability.reading_language(news, "nb") is None
    empty = f.StandardPageFactory(parent=portal["home"], title="Empty", slug="empty")
    empty.title_nb, empty.body_en = "Tom", []
    empty.save_revision().publish()
    assert availability.reading_language(empty, "nb") is None  # no body in English either


def test_a_record_is_available_with_its_name_in_the_language(portal):
    office = Office.objects.get(pk=portal["office"].pk)
    office.name_nb = ""
    assert availability.reading_language(office, "nb") == "en"
    office.name_nb = "Norge"
    assert availability.reading_language(office, "nb") is None
    assert availability.reading_language(None, "nb") is None


def test_the_sql_filter_agrees_with_the_rule(portal):
    with_body(portal["article"])
    other = in_norwegian(with_body(f.ArticlePageFactory(parent=portal["news"], slug="other")))
    articles = ArticlePage.objects.live()
    kept = set(availability.only_available(articles, "nb").values_list("pk", flat=True))
    assert kept == {other.pk}
    assert {
        page.pk for page in articles if availability.reading_language(page, "nb") is None
    } == kept
    assert set(availability.only_available(articles, "en").values_list("pk", flat=True)) == {
        page.pk for page in articles
    }


# --- Marks on public pages --------------------------------------------------------------------


def test_a_link_to_a_page_not_in_the_visitors_language_is_marked_inside_the_link(client, portal):
    article = with_body(portal["article"])
    url = url_in(article, "nb")
    html = client.get(url_in(portal["news"], "nb")).content.decode()
    name = english("nb")
    assert (
        f'<a href="{url}" hreflang="en" lang="en"><span lang="en">{article.title_en}</span>'
        f'<span class="lang-marker" lang="nb"> ({name})</span></a>'
    ) in html

    in_norwegian(article)
    html = client.get(url_in(portal["news"], "nb")).content.decode()
    assert f'<a href="{url}">{article.title_en} (nb)</a>' in html
    assert "lang-marker" not in html.split("<main", 1)[1].split(url, 1)[1].split("</a>", 1)[0]


def test_nothing_is_marked_in_english(client, portal):
    html = client.get(url_in(portal["news"], "en")).content.decode()
    assert "lang-marker" not in html and 'hreflang="en" lang="en">' not in html


def test_rich_text_page_links_are_marked_inside_the_link(client, portal):
    article = with_body(portal["article"])
    link = f'<p>Read <a linktype="page" id="{article.pk}">our news</a>.</p>'
    standard = portal["standard"]
    standard.body_en = [("paragraph", RichText(link))]
    standard.save_revision().publish()

    html = client.get(url_in(standard, "nb")).content.decode()
    assert (
        f'<a href="{url_in(article, "nb")}" hreflang="en" lang="en">our news'
        f'<span class="lang-marker" lang="nb"> ({english("nb")})</span></a>'
    ) in html
    assert "data-page" not in html
    # Outside the public body (the admin, the API), Wagtail's own link.
    with translation.override("en"):
        expected = f'<p>Read <a href="{url_in(article, "en")}">our news</a>.</p>'
        assert expand_db_html(link) == expected
    with translation.override("nb"):
        assert mark_page_links(RichText(link)).count("lang-marker") == 1


def test_the_feed_marks_items_read_in_another_language(client, portal):
    with_body(portal["article"])
    rss = client.get("/nb/feeds/news/rss/").content.decode()
    assert f"{portal['article'].title_en} ({english('nb')})</title>" in rss


# --- Only in my language ----------------------------------------------------------------------


def test_only_mine_lists_what_is_available_and_keeps_it_in_the_url(client, portal):
    english_only = with_body(portal["article"])
    norwegian = in_norwegian(with_body(f.ArticlePageFactory(parent=portal["news"], slug="nb")))
    news = url_in(portal["news"], "nb")

    everything = client.get(news).content.decode()
    assert url_in(english_only, "nb") in everything and url_in(norwegian, "nb") in everything
    assert 'name="mine" value="1">' in everything  # unchecked

    mine = client.get(news + "?mine=1").content.decode()
    assert url_in(english_only, "nb") not in mine and url_in(norwegian, "nb") in mine
    assert 'name="mine" value="1" checked>' in mine
    assert '<label for="only-mine">' in mine

    # Pagination's links keep it.
    request = RequestFactory().get(news, {"mine": "1", "page": "1"})
    assert "mine=1" in page_query({"request": request}, 2)


def test_only_mine_ignores_values_it_does_not_know(client, portal):
    with_body(portal["article"])
    news = url_in(portal["news"], "nb")
    html = client.get(news + "?mine=yes").content.decode()
    assert url_in(portal["article"], "nb") in html
    assert 'name="mine" value="1">' in html
    # The page cache keys ?mine=1 apart, and anything else as without it.
    factory = RequestFactory()
    assert canonical_query(factory.get(news, {"mine": "1"}), ["mine"])[0] == "mine=1"
    assert canonical_query(factory.get(news, {"mine": "yes"}), ["mine"])[:2] == ("", "")


def test_only_mine_on_the_programme_finder_and_the_office_index(client, portal):
    programme = with_body(ProgrammePage.objects.get(pk=portal["programme"].pk))
    finder = url_in(portal["programme_index"], "nb")
    assert url_in(programme, "nb") in client.get(finder).content.decode()
    html = client.get(finder + "?mine=1").content.decode()
    assert url_in(programme, "nb") not in html
    assert 'id="finder-mine" name="mine" value="1" checked>' in html
    assert "format=csv" not in html or "mine=1" in html.split("format=csv")[0][-200:]

    offices = url_in(portal["offices_index"], "nb")
    office_page = portal["office_page"]
    cards = client.get(offices).content.decode().split('class="card-grid', 1)
    assert url_in(office_page, "nb") in cards[1]
    html = client.get(offices + "?mine=1").content.decode()
    assert url_in(office_page, "nb") not in html.split('class="finder finder--only-mine', 1)[1]


def test_only_mine_in_search(client, portal):
    article = with_body(portal["article"])
    search = f"/nb/search/?q={article.title_en.split()[-1]}"
    assert url_in(article, "nb") in client.get(search).content.decode()
    html = client.get(search + "&mine=1").content.decode()
    assert url_in(article, "nb") not in html
    assert 'id="search-mine" name="mine" value="1" checked>' in html
