"""Targeted purges (portal/core/cache.py, tags.py): after each kind of change, no public URL whose
content changed is served from the cache. The expected set is derived, not listed: every URL of
the site (crawled once for the module) is read before the change and rendered again without the
cache after it; each one whose body differs must be a miss. A targeted change must also leave the
rest cached."""

import datetime
import re

import pytest
from django.test import Client
from wagtail.models import Page

from offices.compact_pages import PROGRAMMES_SHOWN
from portal.core import generation, tags
from portal.core.cache import cdn_tag, purge
from tests.support import factories as f
from tests.support.crawl import crawl
from tests.support.helpers import url_in, without_nonces, x_cache
from tests.support.portal import add_netherlands

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


def publish(page, **fields):
    page = page.specific
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def publish_objectives(page, objectives):
    page = page.specific
    page.objectives.set(objectives)
    page.save_revision().publish()


def edit(record, **fields):
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    if hasattr(record, "save_revision"):
        record.save_revision().publish()


TARGETED = {
    # A live page's new version.
    "article edited": lambda p: publish(p["article"], title_en="Zq article", summary_nb="Zq"),
    "article translated": lambda p: publish(p["article"], title_nb="Zq artikkel"),
    "programme edited": lambda p: publish(p["programme"], title_en="Zq programme"),
    "office page edited": lambda p: publish(p["office_page"], title_en="Zq Norway"),
    "article date changed": lambda p: publish(p["article"], date=datetime.date(2001, 1, 1)),
    "programme objectives changed": lambda p: publish_objectives(p["programme"], []),
    # Records, by their kind.
    "office record edited": lambda p: edit(p["office"], city_en="Zq city"),
    "partner edited": lambda p: edit(p["partner"], name_en="Zq partner"),
    "country action edited": lambda p: edit(p["action"], description_en="Zq action"),
}
# What purges everything: a new generation, so nothing can be left stale; no crawl needed.
EVERYTHING = {
    "objective edited": lambda p: edit(p["objective"], title_en="Zq objective"),
    "menu page edited": lambda p: publish(p["standard"], title_en="Zq about"),
    "article created": lambda p: publish(f.ArticlePageFactory(parent=p["news"], live=False)),
    "article unpublished": lambda p: p["article"].unpublish(),
    "article deleted": lambda p: p["article"].delete(),
    "programme moved": lambda p: p["programme"].move(p["news"], pos="last-child"),
}


# The changes are to English and Norwegian text; the other languages' URLs are the same pages
# rendered by the same code, with the same tags (checked in two languages to keep it quick).
CHECKED = re.compile(
    r"^/(?:en|nb)/|^/[^/]*$"  # pages; robots.txt and the sitemaps
    r"|^/api/v1/(?:[^?]*(?:\?(?!.*lang=)|$)|.*lang=(?:en|nb)\b)"  # the API, in English or these
)


@pytest.fixture
def roomy_cache(settings):
    """The tests' LocMemCache keeps 300 entries: the whole site, tags and shapes need more."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }


@pytest.fixture(scope="module")
def checked_urls(module_portal, django_db_blocker):
    """The URLs each change is checked on, found by one crawl of the module's portal (every test
    starts from that same portal, so from the same URLs)."""
    with django_db_blocker.unblock():
        return [url for url in crawl(Client()) if CHECKED.match(url)]


@pytest.mark.parametrize("change", TARGETED)
def test_every_url_that_shows_a_change_is_purged(
    change,
    portal,
    checked_urls,
    roomy_cache,
    caching,
    settings,
    django_capture_on_commit_callbacks,
):
    client = Client()
    purge()
    before = {}
    for url in checked_urls:  # each one rendered and kept in the cache, with its tags
        response = client.get(url)
        assert response.status_code == 200, url
        before[url] = without_nonces(response.content)
    with django_capture_on_commit_callbacks(execute=True):
        TARGETED[change](portal)
    served, changed = {}, set()
    for url, body in before.items():
        settings.PAGE_CACHE_ENABLED = True
        response = client.get(url)
        served[url] = x_cache(response)
        settings.PAGE_CACHE_ENABLED = False
        after = client.get(url)
        if after.status_code != 200 or without_nonces(after.content) != body:
            changed.add(url)
    assert changed, "the change shows nowhere: the test proves nothing"
    stale = sorted(url for url in changed if served[url] == "hit")
    assert stale == []
    kept = {url for url in before if served[url] == "hit"}
    assert {"/en/about/", "/nb/about/", "/robots.txt"} <= kept  # they do not show it


@pytest.mark.parametrize("change", EVERYTHING)
def test_what_tags_cannot_see_purges_everything(
    change, portal, caching, django_capture_on_commit_callbacks
):
    before = generation.current_tokens()
    with django_capture_on_commit_callbacks(execute=True):
        EVERYTHING[change](portal)
    after = generation.current_tokens()
    assert after[0] != before[0]  # the generation: every entry
    assert after[1] != before[1]  # the data token: the memo


def test_a_targeted_change_keeps_the_generation(
    portal, caching, django_capture_on_commit_callbacks
):
    before = generation.current_tokens()
    with django_capture_on_commit_callbacks(execute=True):
        TARGETED["programme edited"](portal)
    after = generation.current_tokens()
    assert after[0] == before[0]
    assert after[1] != before[1]


def test_what_the_memo_kept_still_tags_the_response(client, portal, caching, settings):
    """The main menu comes from the memo after the first page: a later page is still tagged
    with the menu's pages, so a new title in the menu purges it too."""
    settings.CDN_MAX_AGE = 60
    Page.objects.filter(pk=portal["standard"].pk).update(show_in_menus=True)
    menu_page = tags.page_tag(portal["standard"].pk)
    first = client.get(url_in(portal["programme"], "en"))
    later = client.get(url_in(portal["article"], "en"))
    assert x_cache(later) == "miss"
    for response in (first, later):
        assert cdn_tag(menu_page) in response["Surrogate-Key"].split()
        assert cdn_tag(menu_page) in response["Cache-Tag"].split(",")


@pytest.mark.parametrize(
    ("sql", "params", "pages"),
    [
        ('SELECT * FROM "t" WHERE "t"."page_ptr_id" = %s LIMIT 21', [7], [7]),
        (
            'SELECT * FROM "t" WHERE ("a"."x" = %s AND "t"."page_ptr_id" IN (%s, %s))',
            [1, 7, 8],
            [7, 8],
        ),
        ('SELECT * FROM "t" WHERE ("t"."page_ptr_id" = %s OR "t"."live")', [7], None),
        ('SELECT * FROM "t" WHERE ("t"."live" AND NOT ("t"."page_ptr_id" = %s))', [7], None),
        ('SELECT * FROM "t" WHERE "t"."live" ORDER BY "t"."date" DESC', [], None),
        ('SELECT * FROM "t" INNER JOIN "u" ON ("t"."page_ptr_id" = "u"."id")', [], None),
    ],
    ids=["its own row", "given rows", "or", "all but", "a listing", "a join"],
)
def test_a_query_for_given_pages_rows_is_tagged_with_those_pages(sql, params, pages):
    assert tags.rows_of(sql, params, "t", "page_ptr_id") == pages


def test_a_text_edit_keeps_the_listings_that_do_not_show_the_page(
    portal, caching, django_capture_on_commit_callbacks
):
    """A listing of programmes is tagged by the columns its rows depend on (who they belong
    to, whether live), not by every column of the type: the Netherlands' office page lists its
    own programme only, and stays cached when Norway's gets a new summary."""
    portal = add_netherlands(portal)
    client = Client()
    kept = [url_in(portal[key], "en") for key in ("nl_page", "nl_programme")]
    purged = [url_in(portal[key], "en") for key in ("office_page", "programme")]
    for url in kept + purged:
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        publish(portal["programme"], summary_en="Zq summary")
    assert {url: x_cache(client.get(url)) for url in kept + purged} == {
        **dict.fromkeys(kept, "hit"),
        **dict.fromkeys(purged, "miss"),
    }


def test_a_new_title_purges_a_window_of_a_listing_it_enters(
    portal, caching, django_capture_on_commit_callbacks
):
    """The objective page shows its first programmes by title: one past them that is renamed
    to come first enters the window, although the page did not link to it before."""
    programmes = portal["programme_index"]
    for n in range(PROGRAMMES_SHOWN + 1):
        f.ProgrammePageFactory(
            parent=programmes, title=f"Programme {n:02}", objectives=[portal["objective"]]
        )
    portal["programme"].specific.objectives.set([portal["objective"]])
    publish(portal["programme"])
    client = Client()
    objective_page = url_in(portal["objective_page"], "en")
    assert "Voluntary return" not in client.get(objective_page).content.decode()
    assert x_cache(client.get(objective_page)) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        publish(portal["programme"], title_en="Aa voluntary return")
    response = client.get(objective_page)
    assert x_cache(response) == "miss"
    assert "Aa voluntary return" in response.content.decode()


SHAPES = {
    "a listing's filter, not its order": (
        'SELECT "t"."page_ptr_id", "t"."summary" FROM "t" INNER JOIN "wagtailcore_page" ON '
        '("t"."page_ptr_id" = "wagtailcore_page"."id") WHERE "wagtailcore_page"."live" '
        'ORDER BY "wagtailcore_page"."title" ASC',
        {("t", "page_ptr_id"), ("wagtailcore_page", "id"), ("wagtailcore_page", "live")},
    ),
    "the order of a window": (
        'SELECT "t"."page_ptr_id" FROM "t" WHERE "t"."office_id" = %s ORDER BY "t"."date" '
        "DESC LIMIT 10 OFFSET 10",
        {("t", "office_id"), ("t", "date")},
    ),
    "a LIMIT in a subquery is not a window": (
        'SELECT "t"."page_ptr_id" FROM "t" WHERE EXISTS(SELECT 1 FROM "u" U0 WHERE U0."x" = '
        '"t"."y" LIMIT 1) ORDER BY "t"."date"',
        {("u", "x"), ("t", "y")},
    ),
    "values, not rows": (
        'SELECT DISTINCT "t"."office_id" FROM "t" WHERE "t"."live"',
        {("t", "office_id"), ("t", "live")},
    ),
    "a count": (
        'SELECT COUNT(*) AS "__count" FROM "t" WHERE "t"."status" = %s',
        {("t", "status")},
    ),
    "a value computed from a column": (
        'SELECT "t"."page_ptr_id", MAX("t"."date") AS "latest" FROM "t" GROUP BY "t"."page_ptr_id"',
        {("t", "page_ptr_id"), ("t", "date")},
    ),
}


@pytest.mark.parametrize("case", SHAPES)
def test_the_columns_a_query_s_rows_depend_on(case):
    sql, columns = SHAPES[case]
    assert tags.shape_columns(sql, "t") == columns


def test_a_query_beyond_the_shapes_is_tagged_with_the_whole_type():
    unknown_alias = 'SELECT "t"."page_ptr_id" FROM "t" WHERE X9."live"'
    assert tags.shape_columns(unknown_alias, "t") is None
    assert tags.shape_columns('UPDATE "t" SET "x" = 1', "t") is None


@pytest.mark.parametrize(
    ("clauses", "rows", "window"),
    [
        ("LIMIT 13", 5, False),  # every row of the set: the order decides nothing
        ("LIMIT 13", 13, True),
        ("LIMIT 13", -1, True),  # SQLite does not count
        ("LIMIT 12 OFFSET 12", 3, True),
    ],
)
def test_a_window_is_a_limit_that_left_rows_out(clauses, rows, window):
    listing = 'SELECT "t"."page_ptr_id" FROM "t" WHERE "t"."live" ORDER BY "t"."title" '
    ordered = ("t", "title") in tags.shape_columns(listing + clauses, "t", rows)
    assert ordered == window
