"""Crawl every public URL of the demo portal into a folder, one file per URL, so that two commits
can be compared body by body (a refactor must not change what visitors get).

    .venv/bin/python scripts/crawl.py OUT_DIR        # run from the checkout to crawl
    diff -r OUT_A OUT_B                              # compare two crawls
    .venv/bin/python scripts/crawl.py --page-cache OUT_DIR   # each URL twice, page cache on:
                                                     # the bodies written are the cached ones

A fresh SQLite database in a temporary folder gets the demo; the crawl covers every live page in
every language, the feeds, the sitemaps, robots.txt, the API in every language and a few searches
and finder filters. CSP nonces, CSRF tokens and the signed tokens of "Request this page" differ
on every request: they are masked.
"""

import hashlib
import os
import re
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

NONCE = re.compile(rb'nonce(=|-)"?[A-Za-z0-9+/=_-]{8,}"?|\'nonce-[A-Za-z0-9+/=_-]+\'')
CSRF = re.compile(rb'name="(?:csrfmiddlewaretoken|token)" value="[^"]+"')
# The demo is loaded afresh by each crawl: "modified" and "built" times of today differ.
TODAY = datetime.now(UTC)
NOW = re.compile(
    TODAY.strftime(r"%Y-%m-%dT\d\d:\d\d:\d\d(\.\d+)?|%d %b %Y \d\d:\d\d:\d\d").encode()
)

EXTRA = [
    "/robots.txt",
    "/sitemap.xml",
    "/en/search/?q=migration",
    "/fr/search/?q=travail",
    "/nb/search/?q=kontor",
    "/en/search/?q=health&kind=programme",
    "/en/search/?q=",
    "/en/this-page-does-not-exist/",
]
API = ["", "offices/", "programmes/", "objectives/", "country-actions/", "programmes/?limit=2"]


def setup(tmp):
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/db.sqlite3"
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("update_translation_fields", verbosity=0)
    call_command("load_demo", verbosity=0)


def urls():
    from django.conf import settings
    from django.utils import translation
    from wagtail.models import Page

    found = set(EXTRA)
    langs = [code for code, _name in settings.LANGUAGES]
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        for lang in langs:
            with translation.override(lang):
                found.add(page.get_url())
    for lang in langs:
        found.update(
            f"/{lang}/feeds/news/{kind}/" for kind in ("rss", "atom")
        )  # the office feeds are linked from the office pages: found below
        found.update(f"/api/v1/{path}{'&' if '?' in path else '?'}lang={lang}" for path in API)
    return sorted(found)


def crawl(out, page_cache=False):
    from django.conf import settings
    from django.test import Client

    from portal.core.cache import purge

    settings.PAGE_CACHE_ENABLED = page_cache
    purge()

    client = Client(HTTP_HOST="127.0.0.1")
    todo, seen = urls(), set()
    link = re.compile(rb'href="(/[a-z]{2}/(?:feeds/offices|[^"]*\?[^"]*)[^"]*|/sitemap-\d+\.xml)"')
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if page_cache:
            response = client.get(url)  # from the cache, when it may be stored
        body = NOW.sub(b"NOW", CSRF.sub(b"CSRF", NONCE.sub(b"NONCE", response.content)))
        name = hashlib.sha1(url.encode()).hexdigest()[:16]  # noqa: S324 - a file name
        head = f"{url}\n{response.status_code} {response.get('Content-Type')}\n\n".encode()
        (out / name).write_bytes(head + body)
        if len(seen) < 2000:  # follow feed, sitemap and filter links one level at most
            todo.extend(
                u.decode().replace("&amp;", "&")
                for u in link.findall(response.content)
                if u.decode().replace("&amp;", "&") not in seen
            )
    return len(seen)


def main():
    page_cache = "--page-cache" in sys.argv[1:]
    out = Path([arg for arg in sys.argv[1:] if arg != "--page-cache"][0]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp)
        print(f"crawled {crawl(out, page_cache)} URLs into {out}")


if __name__ == "__main__":
    main()
