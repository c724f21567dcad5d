"""Query strings and the page cache (portal/core/cache.py): an entry's key holds only the query
parameters its page reads, so made-up parameters neither force renders nor fill the cache, and
the parameters that matter (a listing's page, the finder's filters, the API's `lang`) still get
an entry per value, with the right content."""

import random
import re
import string

import pytest

from portal.core import generation
from portal.core.pages import PAGE_SIZE
from tests.support import factories as f
from tests.support.helpers import url_in, without_nonces, x_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

FLOOD = 1000


def junk_query(rng):
    """One to three random parameters, as a cache-busting client sends them."""
    letters = string.ascii_lowercase + string.digits
    return "&".join(
        f"{''.join(rng.choices(letters, k=rng.randint(1, 12)))}="
        f"{''.join(rng.choices(letters, k=rng.randint(0, 12)))}"
        for _ in range(rng.randint(1, 3))
    )


def cache_size():
    """The page cache's entries under the current generation: the tests' LocMemCache, or the
    Redis of the PostgreSQL pass (shared by the pass's workers: counted by this generation)."""
    token = generation.current_generation()
    cache = generation.page_cache()
    if hasattr(cache._cache, "get_client"):
        return len(cache._cache.get_client().keys(f"*page-cache:*:{token}:*"))
    return sum(f":{token}:" in key for key in cache._cache)


def flood(client, base, rng, count=FLOOD):
    """`count` requests of `base` with junk parameters added; how many were rendered, and the
    bodies of those answered 200."""
    rendered, bodies = 0, set()
    joiner = "&" if "?" in base else "?"
    for _ in range(count):
        response = client.get(f"{base}{joiner}{junk_query(rng)}", follow=True)
        assert response.status_code == 200
        assert response.redirect_chain in ([], [(base, 302)])
        rendered += x_cache(response) == "miss"
        bodies.add(without_nonces(response.content))
    return rendered, bodies


@pytest.mark.parametrize(
    "url",
    [
        lambda portal: url_in(portal["news"], "en"),
        lambda portal: url_in(portal["office_page"], "nb"),
        lambda portal: url_in(portal["programme_index"], "fr") + "?objective=5",
        lambda portal: "/api/v1/offices/?lang=es",
    ],
    ids=["news index", "office page", "finder with a filter", "API"],
)
def test_junk_parameters_cause_a_handful_of_renders_and_no_entries(client, portal, caching, url):
    base = url(portal)
    canonical = client.get(base)
    assert canonical.status_code == 200
    size = cache_size()
    rendered, bodies = flood(client, base, random.Random(16))
    # At most the first one, which learns which parameters the page reads.
    assert rendered <= 2
    assert bodies == {without_nonces(canonical.content)}
    assert cache_size() <= size + 1  # the shape entry, at most


def test_junk_parameters_on_a_cold_cache(client, portal, caching):
    """Nobody asked for the page without parameters first: still a handful of renders."""
    base = url_in(portal["standard"], "sv")
    rendered, bodies = flood(client, base, random.Random(7), count=200)
    assert rendered <= 3
    assert len(bodies) == 1
    assert "About us" in next(iter(bodies)).decode()


@pytest.fixture
def many_articles(portal):
    news = portal["news"]
    articles = [
        f.ArticlePageFactory(parent=news, title=f"Story {n:02d}", slug=f"story-{n:02d}")
        for n in range(PAGE_SIZE + 2)
    ]
    return news, articles


def article_titles(response):
    return set(re.findall(r"(?:Story \d\d|A new office)", response.content.decode()))


def test_pages_of_a_listing_are_cached_one_entry_each_with_their_own_content(
    client, caching, many_articles
):
    news, _articles = many_articles
    base = url_in(news, "en")
    first, second = client.get(base), client.get(f"{base}?page=2")
    assert x_cache(first) == x_cache(second) == "miss"
    assert article_titles(first) and article_titles(second)
    assert not article_titles(first) & article_titles(second)
    again = client.get(f"{base}?page=2")
    assert x_cache(again) == "hit"
    assert article_titles(again) == article_titles(second)
    # Junk next to the page number: page 2's entry, not page 1's.
    mixed = client.get(f"{base}?utm_source=x&page=2")
    assert x_cache(mixed) == "hit"
    assert article_titles(mixed) == article_titles(second)
    # A page number that is not a number shows page 1, as without it.
    assert article_titles(client.get(f"{base}?page=abc", follow=True)) == article_titles(first)


def test_a_page_number_without_a_canonical_form_is_rendered_and_not_stored(
    client, caching, many_articles
):
    news, _articles = many_articles
    base = url_in(news, "en")
    second = article_titles(client.get(f"{base}?page=2"))
    for url in (f"{base}?page=02", f"{base}?page=99999"):
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200
            assert x_cache(response) == "miss"  # the view alone knows: rendered, never stored
    assert article_titles(client.get(f"{base}?page=02")) == second
    assert article_titles(client.get(f"{base}?page=99999")) == second  # the last page


def test_the_finders_filters_are_cached_per_value(client, portal, caching):
    base = url_in(portal["programme_index"], "en")
    with_it, without = f"{base}?objective=5", f"{base}?objective=6"
    for url, shown in ((with_it, True), (without, False), (base, True)):
        for expected in ("miss", "hit"):
            response = client.get(url)
            assert x_cache(response) == expected
            assert ("Voluntary return" in response.content.decode()) is shown, url
    # A filter value the finder does not understand: rendered with its message, never stored.
    for _ in range(2):
        response = client.get(f"{base}?office=999999")
        assert x_cache(response) == "miss"


def test_the_api_language_is_part_of_the_key(client, caching):
    french, spanish = client.get("/api/v1/offices/?lang=fr"), client.get("/api/v1/offices/?lang=es")
    assert french.json()["language"] == "fr"
    assert spanish.json()["language"] == "es"
    hit = client.get("/api/v1/offices/?lang=fr&junk=1")
    assert x_cache(hit) == "hit"
    assert hit.json()["language"] == "fr"
    # An unknown language is still the view's 400, however often it is asked.
    for _ in range(2):
        assert client.get("/api/v1/offices/?lang=xx").status_code == 400


def test_normal_urls_show_what_they_showed_without_the_cache(client, portal, settings):
    """The same bodies with the page cache on (rendered, then from the cache) as with it off."""
    urls = [
        url_in(portal["news"], "en") + "?page=1",
        url_in(portal["programme_index"], "nb") + "?objective=5&status=",
        url_in(portal["programme_index"], "en") + "?format=csv",
        "/api/v1/programmes/?lang=nl&limit=5",
    ]
    settings.PAGE_CACHE_ENABLED = False
    uncached = [without_nonces(client.get(url).content) for url in urls]
    settings.PAGE_CACHE_ENABLED = True
    from portal.core.cache import purge

    purge()
    for _ in range(2):
        for url, body in zip(urls, uncached, strict=True):
            assert without_nonces(client.get(url).content).decode() == body.decode(), url


def test_the_library_s_filters_and_a_publication_s_citations_are_cached_per_value(
    client, portal, caching
):
    base = url_in(portal["publications"], "en")
    for url, shown in ((f"{base}?year=2020", True), (f"{base}?language=fr", False), (base, True)):
        for expected in ("miss", "hit"):
            response = client.get(url)
            assert x_cache(response) == expected, url
            assert ("Annual report" in response.content.decode()) is shown, url
    for _ in range(2):  # a year the form does not understand: rendered, never stored
        assert x_cache(client.get(f"{base}?year=20x0")) == "miss"
    page = url_in(portal["publication"], "en")
    for kind, content_type in (("ris", "research-info-systems"), ("bib", "bibtex"), ("", "html")):
        for expected in ("miss", "hit"):
            response = client.get(f"{page}?cite={kind}" if kind else page)
            assert x_cache(response) == expected, kind
            assert content_type in response["Content-Type"]
