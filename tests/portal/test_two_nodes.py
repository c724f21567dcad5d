"""Two app nodes behind nginx, as two machines would run them (docs/deployment.md).

Two gunicorn instances (production settings, 2 sync workers each, the page cache on) share one
PostgreSQL server and one redis-server of the test's own, behind nginx started with the
configuration the repository ships (deploy/nginx/, tests/support/nginx.py). The test plays the
TLS-terminating load balancer in front of nginx: it sends X-Forwarded-Proto: https, and
SECURE_SSL_REDIRECT is on.

- A publish through node A is seen on node B's next request, in every language: the page cache's
  generation, the memo and the tags live in Redis, shared by both.
- nginx serves static files and media itself, keeps documents' files private, and passes the
  host and the scheme on.
- Slow clients: connections that send their headers one line a second hold a sync worker each
  when they reach gunicorn, and take the site down; behind nginx, 100 of them leave a normal
  request fast.
"""

import http.client
import json
import re
import secrets
import shutil
import time

import pytest
from django.conf import settings

from tests.support.nginx import Nginx, readable_dir
from tests.support.production import production_env
from tests.support.redis_server import PrivateRedis
from tests.support.scratch_site import (
    Browser,
    Gunicorn,
    PrivatePostgres,
    build_with_static,
    form_data,
)
from tests.support.slow_clients import SlowClients, timed_get

pytestmark = [pytest.mark.system, pytest.mark.once]

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class Nodes:
    def __init__(self, tmp):
        self.files = readable_dir("portal-nodes-files.")  # nginx (www-data) reads them
        self.redis = PrivateRedis(persist=False)
        self.postgres = PrivatePostgres()
        self.servers, self.nginx = [], None
        self.redis.start()
        env = production_env(
            tmp,
            self.postgres.url,
            REDIS_URL=self.redis.url,
            STATIC_ROOT=str(self.files / "static"),
            MEDIA_ROOT=str(self.files / "media"),
            SECURE_SSL_REDIRECT="true",
            PYTHONWARNINGS="ignore",
        )
        self.ids = build_with_static(self.postgres, env)
        for name in ("a", "b"):
            (tmp / name).mkdir()
            server = Gunicorn(env, tmp / name, workers=2)
            server.start()
            self.servers.append(server)
        self.a, self.b = self.servers
        self.nginx = Nginx([self.a.port, self.b.port], self.files / "static", self.files / "media")
        self.nginx.start()

    def destroy(self):
        if self.nginx is not None:
            self.nginx.destroy()
        for server in self.servers:
            server.stop()
        self.redis.destroy()
        self.postgres.destroy()
        shutil.rmtree(self.files, ignore_errors=True)


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("two-nodes")
    made = None
    try:
        made = Nodes(tmp)
        yield made
    finally:
        if made is not None:
            made.destroy()


def title_of(response):
    return re.search(r"<title>(.*?)</title>", response.text, re.S).group(1)


def menu_of(response):
    found = re.search(r"<nav class=\"main-nav\".*?</nav>", response.text, re.S)
    return found.group(0) if found else ""


def test_a_publish_on_node_a_is_seen_on_node_b_in_every_language(nodes):
    visitor, editor = Browser(nodes.b.port), Browser(nodes.a.port)
    urls = {lang: f"/{lang}/about/" for lang in LANGUAGES}
    for url in urls.values():  # cached on node B (the second request is served by Redis)
        visitor.get(url)
        assert visitor.get(url).headers["X-Cache"] == "hit", url
    for lang in LANGUAGES:  # the page is not in the main menu yet
        assert "about/" not in menu_of(visitor.get(f"/{lang}/"))
    editor.login()
    edit = f"/admin/pages/{nodes.ids['about']}/edit/"
    token = secrets.token_hex(3)
    new = {lang: f"Published on node A ({lang}) {token}" for lang in LANGUAGES}
    data = form_data(editor.get(edit).text, "page-edit-form")
    data.update({f"title_{lang}": title for lang, title in new.items()}, show_in_menus="on")
    assert editor.post(edit, {**data, "action-publish": "action-publish"}).status == 302
    through_nginx = Browser(nodes.nginx.port)
    for lang, url in urls.items():
        for reader in (visitor, visitor, through_nginx):  # both of node B's workers, likely
            response = reader.get(url)
            assert response.status == 200, (url, response.text[-1500:])
            assert new[lang] in title_of(response), (url, title_of(response))
    # The main menu, from the memo (portal/core/memo.py) kept by each worker under the shared
    # generation, now lists the page, under its new title, on node B's home pages.
    for lang in LANGUAGES:
        for _ in range(2):
            assert new[lang] in menu_of(visitor.get(f"/{lang}/")), lang


def test_nginx_passes_the_host_and_the_scheme(nodes):
    """The admin's login through nginx: the CSRF check needs the host with its port and the
    https scheme, as the load balancer in front sent them. A request that did not come over TLS
    is sent to https (SECURE_SSL_REDIRECT)."""
    browser = Browser(nodes.nginx.port)
    browser.login()
    assert browser.get("/admin/").status == 200
    conn = http.client.HTTPConnection("127.0.0.1", nodes.nginx.port, timeout=10)
    conn.request("GET", "/en/", headers={"Host": f"127.0.0.1:{nodes.nginx.port}"})
    response = conn.getresponse()
    assert response.status == 301
    assert response.headers["Location"] == f"https://127.0.0.1:{nodes.nginx.port}/en/"
    log = nodes.nginx.access_log()
    assert '"GET /admin/ HTTP/1.1" 200' in log


def test_nginx_serves_static_files_and_media_but_not_documents(nodes):
    manifest = json.loads((nodes.files / "static" / "staticfiles.json").read_text())
    hashed = next(p for p in manifest["paths"].values() if p.endswith(".css"))
    image = nodes.files / "media" / "original_images" / "nodes.txt"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_text("an image")
    document = nodes.files / "media" / "documents" / "private.txt"
    document.parent.mkdir(parents=True, exist_ok=True)
    document.write_text("private")
    for path in (nodes.files / "media", image.parent, document.parent):
        path.chmod(0o755)
    browser = Browser(nodes.nginx.port)
    static = browser.get(f"/static/{hashed}")
    assert static.status == 200
    assert static.headers.get_all("Cache-Control") == ["max-age=315360000, public, immutable"]
    assert browser.get("/media/original_images/nodes.txt").body == b"an image"
    assert browser.get("/media/documents/private.txt").status == 404
    for server in nodes.servers:  # gunicorn never saw them
        log = (server.tmp / "gunicorn.log").read_text(errors="replace")
        assert "/static/" not in log
        assert "/media/" not in log


def test_slow_clients_hold_gunicorn_but_not_nginx(nodes):
    # The failure mode: a dozen slow clients straight at gunicorn hold both sync workers.
    slow = SlowClients(nodes.b.port, 12)
    try:
        time.sleep(1)
        assert timed_get(nodes.b.port, "/en/", timeout=3) is None
    finally:
        slow.close()
    assert timed_get(nodes.b.port, "/en/", timeout=10) is not None  # free again
    # Behind nginx, 100 of them for 5 s: a normal request is served at once, again and again.
    slow = SlowClients(nodes.nginx.port, 100)
    try:
        waits = []
        for _ in range(4):
            time.sleep(1)
            waits.append(timed_get(nodes.nginx.port, "/en/", timeout=5))
    finally:
        slow.close()
    assert None not in waits, waits
    assert max(waits) < 1, waits
