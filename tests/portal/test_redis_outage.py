"""Redis away does not take the site down (portal/core/resilient_cache.py).

Under gunicorn (production settings, 2 workers, the page cache on) with a real redis-server of
its own, stopped and started again: every public page is served uncached with 200 and the admin
works while it is away, login throttling still holds, a change published meanwhile is never
hidden by what Redis kept once it is back, warnings come once a minute, and the site finds Redis
again by itself.

The database is a private PostgreSQL server (tests/support/scratch_site.py). Redis here saves its
data when it stops and loads it when it starts again, as a Redis with persistence does (or one
behind a network cut): the old generation and the pages cached under it come back, the hardest
case for staleness.
"""

import re
import subprocess
import sys
import threading
import time

import pytest

from portal.core import generation, resilient_cache
from tests.support.production import production_env
from tests.support.redis_server import PrivateRedis
from tests.support.scratch_site import (
    ROOT,
    Browser,
    Gunicorn,
    PrivatePostgres,
    build_site,
    form_data,
)

pytestmark = [pytest.mark.system, pytest.mark.once]

WARNING = "Cache (Redis) unavailable"
PUBLIC_URLS = [
    "/en/",
    "/fr/about/",
    "/nb/contact/",
    "/en/search/?q=about",
    "/api/v1/offices/",
    "/api/v1/",
    "/sitemap.xml",
    "/robots.txt",
    "/en/feeds/news/rss/",
]
RETRY_SECONDS = 1


class Site:
    def __init__(self, tmp):
        self.tmp = tmp
        self.redis = PrivateRedis()
        self.redis.start()
        self.postgres = PrivatePostgres()  # search and sessions as in production
        self.postgres.create()
        self.env = production_env(
            tmp,
            self.postgres.url,
            REDIS_URL=self.redis.url,
            CACHE_RETRY_SECONDS=str(RETRY_SECONDS),
            PYTHONWARNINGS="ignore",
        )
        collect = [sys.executable, "manage.py", "collectstatic", "--noinput"]
        subprocess.run(collect, cwd=ROOT, env=self.env, check=True, capture_output=True)
        self.ids = build_site(self.env)
        self.server = Gunicorn(self.env, tmp, workers=2)
        self.server.start()

    def browser(self):
        return Browser(self.server.port)

    def warnings(self):
        return (self.tmp / "gunicorn.log").read_text(errors="replace").count(WARNING)

    def restart_gunicorn(self, workers=2):
        self.server.stop()
        self.server.workers = workers
        self.server.start()

    def destroy(self):
        self.server.stop()
        self.redis.destroy()
        self.postgres.destroy()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("redis-outage"))
    yield site
    site.destroy()


@pytest.fixture
def redis_down(site):
    """Redis stopped for the test, started again after it (every test leaves it running)."""
    site.redis.stop()
    yield site.redis
    if site.redis.process is None:
        site.redis.start()


def cached_eventually(visitor, url, seconds=10):
    """The page cache works again: a hit comes within `seconds` (both workers)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if visitor.get(url).headers.get("X-Cache") == "hit":
            return True
        time.sleep(0.2)
    return False


def assert_served_uncached(visitor):
    for url in PUBLIC_URLS:
        for _ in range(2):  # both workers, most likely
            response = visitor.get(url)
            assert response.status == 200, (url, response.text[-1500:])
            assert response.seconds < 3, (url, response.seconds)
            assert response.headers.get("X-Cache") != "hit", url


def test_redis_stopping_mid_run_serves_every_page_and_the_admin(site, redis_down):
    visitor, editor = site.browser(), site.browser()
    editor.login()
    site.redis.start()
    assert cached_eventually(visitor, "/en/")
    site.redis.stop()
    warnings_before = site.warnings()
    assert_served_uncached(visitor)
    for url in [
        "/admin/",
        f"/admin/pages/{site.ids['about']}/edit/",
        f"/admin/snippets/offices/office/edit/{site.ids['office']}/",
    ]:
        assert editor.get(url).status == 200, url
    # At most one warning per worker, however many requests met the fault (none new if the
    # module's earlier outage warned less than a minute ago: the limit is once a minute).
    assert site.warnings() - warnings_before <= site.server.workers
    assert site.warnings() >= 1
    site.redis.start()
    assert cached_eventually(visitor, "/en/")


def test_redis_down_when_the_site_starts(site, redis_down):
    site.restart_gunicorn()
    visitor = site.browser()
    assert_served_uncached(visitor)
    visitor.login()
    assert visitor.get("/admin/").status == 200
    site.redis.start()
    assert cached_eventually(site.browser(), "/fr/about/")


def test_login_throttling_holds_while_redis_is_down(site, redis_down):
    """django-axes keeps its counts in the database: the limit holds without Redis."""
    browser = site.browser()
    statuses = []
    for _ in range(7):
        form = form_data(browser.get("/admin/login/").text)
        attempt = {**form, "username": "redis-outage-intruder", "password": "wrong"}
        statuses.append(browser.post("/admin/login/", attempt).status)
    assert statuses == [200] * 4 + [429] * 3


def title_of(response):
    return re.search(r"<title>(.*?)</title>", response.text, re.S).group(1)


def test_a_change_made_while_redis_is_away_is_never_hidden_once_it_is_back(site, redis_down):
    """Redis comes back with the old generation and the pages cached under it: neither the worker
    that saw the outage nor one that may have been idle throughout serves any of them (they
    start a new generation first; test_an_idle_worker_... shows the idle one alone)."""
    visitor, editor = site.browser(), site.browser()
    editor.login()
    site.redis.start()
    url, edit = "/en/about/", f"/admin/pages/{site.ids['about']}/edit/"
    assert cached_eventually(visitor, url)
    old_title = title_of(visitor.get(url))
    site.redis.stop()
    new_title = f"Published while Redis was away {time.monotonic_ns()}"
    data = {**form_data(editor.get(edit).text, "page-edit-form"), "title_en": new_title}
    assert editor.post(edit, {**data, "action-publish": "action-publish"}).status == 302
    assert new_title in title_of(visitor.get(url))
    site.redis.start()  # with the data it saved: the old generation, the old page
    seen = []

    def read():
        for _ in range(10):
            seen.append(title_of(visitor.get(url)))

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert old_title not in seen
    assert all(new_title in title for title in seen)
    assert cached_eventually(visitor, url)
    assert new_title in title_of(visitor.get(url))


@pytest.fixture
def private_redis(settings):
    redis = PrivateRedis()
    redis.start()
    resilient_cache.reset()
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.core.resilient_cache.ResilientRedisCache",
            "LOCATION": redis.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield redis
    resilient_cache.reset()
    redis.destroy()


def test_an_idle_worker_renews_the_generation_after_redis_restarted(private_redis):
    """A worker that made no request during the outage saw no fault (redis-py reconnects and
    retries without one): the restarted server's new run_id tells it, so the generation Redis
    saved (from before a purge lost meanwhile) is not read as current."""
    before = generation.current_generation()
    private_redis.stop()  # saves the generation
    private_redis.start()  # loads it again
    assert generation.page_cache().get(generation.GENERATION_KEY) == before  # the old one is back
    assert generation.current_generation() != before
    renewed = generation.current_generation()
    assert generation.current_generation() == renewed  # once: the same server, the same run_id
