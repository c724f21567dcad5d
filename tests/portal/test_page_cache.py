"""The full-page cache (portal/core/cache.py): anonymous visitors get stored pages, and every
change a public page may show is visible on the very next request, in every language.

Runs against the cache the settings configure: memory on its own, Redis in `make test`'s
PostgreSQL pass (scripts/with-redis.sh). Changes are made inside
`django_capture_on_commit_callbacks(execute=True)`, which runs the on-commit purges as a real
commit would (and drops those of a rolled-back savepoint, as a real rollback does).
"""

import datetime
import io
import os
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone, translation
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published

from portal.core import cache as page_cache_module
from portal.core import generation
from portal.core.cache import PageCacheMiddleware, purge, watched_labels
from portal.core.generation import GENERATION_KEY, current_generation, page_cache
from portal.models import ArticlePage
from tests.support.helpers import LANGUAGES, url_in, x_cache
from tests.support.portal import PAGE_KEYS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


def fetch(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def prime(client, *urls):
    """Ask for each URL twice: the first answer is stored, the second comes from the cache."""
    for url in urls:
        assert x_cache(fetch(client, url)) == "miss", url
        assert x_cache(fetch(client, url)) == "hit", url


def assert_fresh(client, url, text):
    response = fetch(client, url)
    assert x_cache(response) == "miss", url
    assert text in response.content.decode(), url


# What is cached


def test_public_pages_feeds_sitemaps_and_api_are_served_from_the_cache(client, portal, caching):
    urls = [url_in(portal[key], lang) for key in PAGE_KEYS for lang in ("en", "nb")]
    urls += ["/en/feeds/news/rss/", "/nb/feeds/news/atom/", "/sitemap.xml", "/robots.txt"]
    urls += ["/api/v1/", "/api/v1/offices/?lang=nb", "/api/v1/objectives/5/?lang=fi"]
    for url in urls:
        first = fetch(client, url)
        assert x_cache(first) == "miss", url
        # No cookie, no Vary: Cookie: nothing on a public page stands in the way of caching.
        assert not first.cookies, url
        assert "cookie" not in first.headers.get("Vary", "").lower(), url
        second = fetch(client, url)
        assert x_cache(second) == "hit", url
        assert without_nonces(second.content) == without_nonces(first.content)  # see below
        assert second["Content-Type"] == first["Content-Type"]


def without_nonces(content):
    return re.sub(rb'nonce="[^"]+"', b'nonce=""', content)


def test_head_is_answered_from_the_stored_get(client, portal, caching):
    url = url_in(portal["standard"], "fr")
    assert x_cache(client.head(url)) == "miss"  # a HEAD does not store
    fetch(client, url)
    head = client.head(url)
    assert head.status_code == 200
    assert x_cache(head) == "hit"


def test_the_key_holds_the_host_the_query_string_and_the_language(client, portal, caching):
    url = url_in(portal["news"], "en")
    prime(client, url)
    assert x_cache(fetch(client, url + "?page=1")) == "miss"
    assert x_cache(fetch(client, url, HTTP_HOST="portal.example.org")) == "miss"
    # robots.txt has no language in its URL: the visitor's language is part of the key.
    prime(client, "/robots.txt")
    assert x_cache(fetch(client, "/robots.txt", HTTP_ACCEPT_LANGUAGE="fi")) == "miss"
    assert x_cache(fetch(client, "/robots.txt", HTTP_ACCEPT_LANGUAGE="fi")) == "hit"


def test_a_new_day_starts_with_new_entries(client, portal, caching, monkeypatch):
    """Pages say whether a programme is still running: yesterday's copy is not served today."""
    url = url_in(portal["programme"], "en")
    prime(client, url)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(page_cache_module.timezone, "localdate", lambda: tomorrow)
    assert x_cache(fetch(client, url)) == "miss"


@pytest.mark.parametrize(
    ("method", "path", "cacheable"),
    [
        ("GET", "/en/", True),
        ("GET", "/nb/where-we-work/norway/?page=2", True),
        ("HEAD", "/sv/feeds/news/rss/", True),
        ("GET", "/sitemap.xml", True),
        ("GET", "/sitemap-3.xml", True),
        ("GET", "/robots.txt", True),
        ("GET", "/api/v1/offices/?lang=nb", True),
        ("POST", "/en/", False),
        ("GET", "/admin/", False),
        ("GET", "/admin/pages/3/edit/preview/", False),
        ("GET", "/documents/1/report.pdf", False),
        ("GET", "/en/search/?q=return", False),
        ("GET", "/fi/_util/authenticate_with_password/1/3/", False),
        ("GET", "/static/css/portal.css", False),
        ("GET", "/xx/", False),
    ],
)
def test_which_requests_may_be_cached(method, path, cacheable):
    request = RequestFactory().generic(method, path)
    assert page_cache_module.request_is_cacheable(request) is cacheable


@pytest.mark.parametrize(
    "cookie", [settings.SESSION_COOKIE_NAME, "messages"], ids=["session", "messages"]
)
def test_visitors_with_a_session_or_messages_are_not_served_from_the_cache(cookie):
    request = RequestFactory().get("/en/", HTTP_COOKIE=f"{cookie}=abc")
    assert not page_cache_module.request_is_cacheable(request)
    request = RequestFactory().get("/en/", HTTP_AUTHORIZATION="Bearer abc")
    assert not page_cache_module.request_is_cacheable(request)


def answer_with_cookie():
    response = HttpResponse("hello")
    response.set_cookie("csrftoken", "abc")
    return response


def answer_with_header(name, value, status=200):
    def answer():
        response = HttpResponse("hello", status=status)
        if name:
            response[name] = value
        return response

    return answer


@pytest.mark.parametrize(
    "answer",
    [
        answer_with_cookie,
        answer_with_header("Vary", "Accept-Encoding, Cookie"),
        answer_with_header("Vary", "*"),
        answer_with_header("Cache-Control", "private"),
        answer_with_header("Cache-Control", "max-age=0, no-cache, no-store, must-revalidate"),
        answer_with_header(None, None, status=404),
        answer_with_header(None, None, status=301),
    ],
    ids=["cookie", "vary-cookie", "vary-star", "private", "never-cache", "404", "301"],
)
def test_responses_that_are_personal_or_not_ok_are_never_stored(db, settings, answer):
    settings.PAGE_CACHE_ENABLED = True
    purge()
    calls = []

    def view(request):
        calls.append(request)
        return answer()

    middleware = PageCacheMiddleware(view)
    for _ in range(2):
        response = middleware(RequestFactory().get("/en/answer/"))
        assert x_cache(response) == "miss"
    assert len(calls) == 2


def test_a_response_varying_on_a_header_is_served_only_to_the_same_value(db, settings):
    settings.PAGE_CACHE_ENABLED = True
    purge()

    def view(request):
        response = HttpResponse(request.headers.get("Accept", ""))
        response["Vary"] = "Accept, Accept-Language"
        return response

    middleware = PageCacheMiddleware(view)
    factory = RequestFactory()
    assert x_cache(middleware(factory.get("/en/a/", HTTP_ACCEPT="text/html"))) == "miss"
    hit = middleware(factory.get("/en/a/", HTTP_ACCEPT="text/html", HTTP_ACCEPT_LANGUAGE="nb"))
    assert x_cache(hit) == "hit"
    other = middleware(factory.get("/en/a/", HTTP_ACCEPT="application/json"))
    assert (x_cache(other), other.content) == ("miss", b"application/json")


def test_a_password_protected_page_is_not_stored(client, portal, caching):
    page = portal["standard"]
    with transaction.atomic():
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    url = url_in(page, "en")
    for _ in range(2):
        response = fetch(client, url)  # the password form
        assert x_cache(response) == "miss"
        assert "About us" not in response.content.decode()


# Never for logged-in users or previews


def test_logged_in_users_are_neither_served_nor_stored(client, portal, caching):
    url = url_in(portal["standard"], "en")
    admin = get_user_model().objects.create_superuser("cache-admin", "a@example.org", "pw")
    client.force_login(admin)
    for _ in range(2):
        assert x_cache(fetch(client, url)) is None
    client.logout()
    client.cookies.clear()
    assert x_cache(fetch(client, url)) == "miss"  # what the admin saw was not stored
    client.force_login(admin)
    assert x_cache(fetch(client, url)) is None  # nor is the anonymous copy shown to them


def test_a_preview_is_never_the_cached_live_page(client, portal, caching):
    page = portal["standard"]
    url = url_in(page, "en")
    prime(client, url)
    page.title_en = "Draft title seen only in preview"
    page.save_revision()
    preview = page.make_preview_request()
    assert "Draft title seen only in preview" in preview.content.decode()
    assert x_cache(preview) is None
    live = fetch(client, url)
    assert x_cache(live) == "hit"
    assert "Draft title seen only in preview" not in live.content.decode()


# Publish to visible, in every language


def test_a_publish_is_visible_on_the_next_request_in_every_language(
    client, portal, caching, django_capture_on_commit_callbacks
):
    article = ArticlePage.objects.get(pk=portal["article"].pk)
    article_urls = {lang: url_in(article, lang) for lang in LANGUAGES}
    home_urls = {lang: url_in(portal["home"], lang) for lang in LANGUAGES}
    prime(client, *article_urls.values(), *home_urls.values())

    with django_capture_on_commit_callbacks(execute=True):
        for lang in LANGUAGES:
            setattr(article, f"title_{lang}", f"Published headline [{lang}]")
        article.save_revision().publish()

    for lang in LANGUAGES:
        assert_fresh(client, article_urls[lang], f"Published headline [{lang}]")
        assert_fresh(client, home_urls[lang], f"Published headline [{lang}]")  # latest news


def test_a_rolled_back_publish_purges_nothing(
    client, portal, caching, django_capture_on_commit_callbacks
):
    page = portal["standard"]
    url = url_in(page, "en")
    prime(client, url)
    generation = current_generation()

    def fail(sender, **kwargs):
        raise RuntimeError("a page_published receiver broke")

    page_published.connect(fail, sender=type(page), dispatch_uid="test-page-cache-fail")
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            page.title_en = "Never published"
            with pytest.raises(RuntimeError):
                page.save_revision().publish()
    finally:
        page_published.disconnect(sender=type(page), dispatch_uid="test-page-cache-fail")

    assert callbacks == []
    assert current_generation() == generation
    response = fetch(client, url)
    assert x_cache(response) == "hit"
    assert "Never published" not in response.content.decode()


def test_unpublishing_a_page_removes_it_at_once(
    client, portal, caching, django_capture_on_commit_callbacks
):
    article = portal["article"]
    url, home = url_in(article, "nb"), url_in(portal["home"], "nb")
    prime(client, url, home)
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert client.get(url).status_code == 404
    assert article.title not in fetch(client, home).content.decode()


def test_an_expiry_run_by_the_cron_removes_the_page_at_once(
    client, portal, caching, django_capture_on_commit_callbacks
):
    page = portal["standard"]
    url = url_in(page, "sv")
    prime(client, url)
    Page.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", stdout=io.StringIO())
    assert client.get(url).status_code == 404


def test_deleting_a_page_removes_it_at_once(
    client, portal, caching, django_capture_on_commit_callbacks
):
    page = portal["standard"]
    url = url_in(page, "es")
    prime(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=page.pk).delete()
    assert client.get(url).status_code == 404


def test_moving_a_page_serves_it_at_its_new_place_at_once(
    client, portal, caching, django_capture_on_commit_callbacks
):
    page = portal["standard"]
    old_url = url_in(page, "fi")
    prime(client, old_url)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=page.pk).move(portal["compact_index"], pos="last-child")
    new_url = url_in(Page.objects.get(pk=page.pk), "fi")
    assert new_url != old_url
    old = client.get(old_url)
    assert old.status_code in (301, 404)
    assert x_cache(old) == "miss"
    assert x_cache(fetch(client, new_url)) == "miss"


def test_reordering_the_menu_is_visible_at_once(
    client, portal, caching, django_capture_on_commit_callbacks
):
    """Same parent, same URLs: only the move itself says the menu changed."""
    Page.objects.filter(pk__in=[portal["news"].pk, portal["standard"].pk]).update(
        show_in_menus=True
    )
    url = url_in(portal["home"], "nl")

    def menu_order():
        html = fetch(client, url).content.decode()
        menu = html[html.index('class="main-nav"') :]
        return sorted(["News", "About us"], key=menu.index)

    purge()
    assert menu_order() == ["News", "About us"]
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=portal["standard"].pk).move(portal["news"], pos="left")
    assert menu_order() == ["About us", "News"]


# Structured data shown on pages


def test_editing_an_office_is_visible_at_once_on_its_page(
    client, portal, caching, django_capture_on_commit_callbacks
):
    office = portal["office"]
    urls = {lang: url_in(portal["office_page"], lang) for lang in ("en", "nb")}
    prime(client, *urls.values())
    with django_capture_on_commit_callbacks(execute=True):
        office.city_en, office.city_nb = "Bergen", "Bjørgvin"
        office.save()
    assert_fresh(client, urls["en"], "Bergen")
    assert_fresh(client, urls["nb"], "Bjørgvin")


def test_deleting_a_partner_is_visible_at_once(
    client, portal, caching, django_capture_on_commit_callbacks
):
    url = url_in(portal["programme"], "en")
    prime(client, url)
    assert "Business council" in fetch(client, url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        portal["partner"].delete()
    response = fetch(client, url)
    assert x_cache(response) == "miss"
    assert "Business council" not in response.content.decode()


def test_unlinking_a_country_action_is_visible_at_once(
    client, portal, caching, django_capture_on_commit_callbacks
):
    url = url_in(portal["objective_page"], "en")
    prime(client, url)
    description = portal["action"].description_en
    assert description in fetch(client, url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        portal["action"].objectives.remove(portal["objective"])
        portal["action"].save()
    response = fetch(client, url)
    assert x_cache(response) == "miss"
    assert description not in response.content.decode()


def test_every_model_of_the_portal_is_watched_or_known_not_to_be_shown():
    from wagtail.models import Page as WagtailPage

    labels = watched_labels()
    known = labels["watched"] | labels["not_shown"]
    models = [
        model
        for app in ("portal", "offices", "compact")
        for model in apps.get_app_config(app).get_models()
        if not issubclass(model, WagtailPage)
    ]
    assert models
    unknown = [m._meta.label for m in models if m._meta.label_lower not in known]
    assert unknown == [], "register them with portal.core.cache.watch() or not_shown()"


# The generation


def test_the_page_cache_is_the_cache_the_settings_configure():
    """Redis under scripts/with-redis.sh (make test's PostgreSQL pass), memory otherwise."""
    from django.core.cache.backends.locmem import LocMemCache
    from django.core.cache.backends.redis import RedisCache

    expected = RedisCache if os.environ.get("REDIS_URL") else LocMemCache
    assert isinstance(page_cache(), expected)
    page_cache().set("page-cache-test", {"content": b"x"}, 10)
    assert page_cache().get("page-cache-test") == {"content": b"x"}


def test_a_lost_generation_never_brings_old_entries_back(client, home, caching):
    url = url_in(home, "en")
    prime(client, url)
    page_cache().delete(GENERATION_KEY)  # evicted, or the cache restarted
    assert x_cache(fetch(client, url)) == "miss"
    assert x_cache(fetch(client, url)) == "hit"


def test_purge_page_cache_empties_it_by_hand(client, home, caching):
    url = url_in(home, "sv")
    prime(client, url)
    call_command("purge_page_cache", stdout=io.StringIO())
    assert x_cache(fetch(client, url)) == "miss"


class BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("the cache server is away")

        return fail


def test_a_cache_that_is_down_never_breaks_the_site(client, home, caching, monkeypatch):
    monkeypatch.setattr(generation, "page_cache", BrokenCache)
    url = url_in(home, "en")
    for _ in range(2):
        assert x_cache(fetch(client, url)) == "miss"
    purge()  # logs, does not raise


# The CDN in front


PURGED = []


class RecordingBackend:
    """A frontend cache backend that notes the URLs it is asked to purge."""

    def __init__(self, params):
        pass

    def invalidates_hostname(self, hostname):
        return True

    def purge_batch(self, urls):
        PURGED.extend(urls)


@pytest.fixture
def cdn(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {"BACKEND": "tests.portal.test_page_cache.RecordingBackend"}
    }
    PURGED.clear()
    yield PURGED
    PURGED.clear()


def full_url(page, lang):
    with translation.override(lang):
        return page.get_full_url()


def test_a_publish_purges_the_page_in_every_language_from_the_cdn(
    portal, cdn, django_capture_on_commit_callbacks
):
    article = ArticlePage.objects.get(pk=portal["article"].pk)
    old_nb = full_url(article, "nb")
    article.slug_nb = "et-nytt-kontor"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    article.refresh_from_db()
    pages = (article, portal["news"], portal["home"])
    assert {full_url(page, lang) for page in pages for lang in LANGUAGES} <= set(cdn)
    assert "http://localhost/nb/news/et-nytt-kontor/" in cdn  # the Norwegian slug, not /en/'s
    assert old_nb in cdn  # the old URL now redirects: the CDN must not keep the page there
    assert len(cdn) == len(set(cdn))


def test_a_rolled_back_publish_purges_nothing_from_the_cdn(
    portal, cdn, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        portal["article"].save_revision().publish()
        raise RuntimeError("rolled back")
    assert cdn == []


def test_without_a_cdn_nothing_is_purged_there(portal, django_capture_on_commit_callbacks):
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        portal["article"].save_revision().publish()
    assert PURGED == []


def test_every_hit_gets_a_nonce_of_its_own(client, portal, caching):
    """A Content Security Policy nonce used twice is no nonce: each cached copy is renewed."""
    url = url_in(portal["article"], "en")
    seen = []
    for expected in ("miss", "hit", "hit"):
        response = fetch(client, url)
        assert x_cache(response) == expected
        policy = response["Content-Security-Policy"]
        nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
        html = response.content.decode()
        attributes = set(re.findall(r'nonce="([^"]+)"', html))
        assert attributes == {nonce}  # every inline element carries this response's nonce
        assert int(response["Content-Length"]) == len(response.content)
        seen.append(nonce)
    assert len(set(seen)) == 3
