"""The demo portal, served by gunicorn with production settings, answers 200 everywhere.

Builds its own SQLite database from the migrations and the demo loader, collects static files,
starts gunicorn on a free loopback port and stops it at the end.
"""

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.production import production_env
from tests.support.scratch_site import Gunicorn

pytestmark = [pytest.mark.system, pytest.mark.once]

ROOT = Path(__file__).resolve().parents[2]
LIST_URLS = """
import json
from django.conf import settings
from django.utils import translation
from wagtail.models import Page
urls = {}
for page in Page.objects.live().filter(depth__gte=2).specific():
    for lang, _name in settings.LANGUAGES:
        with translation.override(lang):
            urls[page.get_url()] = page._meta.model_name
print(json.dumps(urls))
"""


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 (loopback)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def body(url):
    with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 (loopback)
        return response.read()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gunicorn")
    env = production_env(tmp, f"sqlite:///{tmp}/demo.sqlite3")
    manage(env, "migrate", "--noinput")
    manage(env, "update_translation_fields")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput")
    urls = json.loads(manage(env, "shell", "-c", LIST_URLS).strip().splitlines()[-1])
    server = Gunicorn(env, tmp, workers=2)
    server.start()
    try:
        yield f"http://127.0.0.1:{server.port}", urls
    finally:
        server.stop()


def test_every_demo_page_answers_200_in_every_language(demo_server):
    base, urls = demo_server
    assert len(urls) >= 7 * 40  # every page of the demo, in all seven languages
    failures = {url: status for url in urls if (status := get(base + url)) != 200}
    assert failures == {}


# A page's HTML and the CSS and JavaScript it loads, uncompressed (pictures not counted).
PAGE_WEIGHT_LIMIT = 100 * 1024
ASSET = re.compile(rb'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


def heaviest(base, urls):
    """The heaviest of the pages at `urls`: (url, HTML + CSS + JavaScript in bytes)."""
    weights = {}
    for url in urls:
        html = body(base + url)
        assets = {match.decode() for match in ASSET.findall(html)}
        weights[url] = len(html) + sum(len(body(base + asset)) for asset in assets)
    url = max(weights, key=weights.get)
    return url, weights[url]


@pytest.mark.parametrize(
    ("kind", "count"),
    [
        ("countryofficepage", 4 * 7),
        ("publicationpage", 2 * 7),  # the demo's two publications
        ("publicationindexpage", 7),  # the library
        ("pledgeindexpage", 7),
        ("reviewindexpage", 7),
    ],
)
def test_pages_weigh_under_100_kb(demo_server, kind, count):
    base, urls = demo_server
    pages = [url for url, found in urls.items() if found == kind]
    assert len(pages) == count
    url, weight = heaviest(base, pages)
    print(f"heaviest {kind}: {url} {weight} bytes")
    assert weight < PAGE_WEIGHT_LIMIT, (url, weight)


def test_static_files_are_served_by_whitenoise(demo_server):
    base, _urls = demo_server
    assert get(base + "/static/css/portal.css") == 200


def test_unknown_page_is_a_404(demo_server):
    base, _urls = demo_server
    assert get(base + "/en/no-such-page/") == 404
