"""Over the demo, in every language: every link to a portal page whose page is not available in
the language of the page it is on says so (hreflang, lang and a marker inside the link), and no
other link does (issue 17, point 1).

Every live, public page of the demo is read in each of the seven languages (one request each, no
crawl: the links of listings' filters and pages lead to the same pages). A link is to a page when
its path, without a query string, is a page's URL in that language; whether the page is available
is decided here from the page's own columns (title, body and the English body), not by the code
under test, which decides it in SQL.
"""

from html.parser import HTMLParser

import pytest
from django.utils import translation
from wagtail.models import Page

from portal.core.i18n import has_text, translated_fields
from tests.portal.test_load_demo import demo  # noqa: F401 (the demo, loaded once for the module)
from tests.support.crawl import LANGUAGES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


class Links(HTMLParser):
    """The <a> elements of a page outside the language switcher and the map's drawing: their
    href, hreflang, lang and whether a .lang-marker is inside."""

    def __init__(self):
        super().__init__()
        self.links, self.current, self.skipping, self.depth = [], None, 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag in ("svg", "nav") and (tag == "svg" or "lang-switcher" in classes):
            self.skipping += 1
            self.depth.append(tag)
        elif tag == "a" and not self.skipping:
            self.current = {**attrs, "marked": False}
        elif tag == "span" and self.current is not None and "lang-marker" in classes:
            self.current["marked"] = True
            self.current["marker_lang"] = attrs.get("lang")

    def handle_endtag(self, tag):
        if self.depth and tag == self.depth[-1]:
            self.depth.pop()
            self.skipping -= 1
        elif tag == "a" and self.current is not None:
            self.links.append(self.current)
            self.current = None


def available(page, lang):
    """The rule, on the page's own columns."""
    if not has_text(getattr(page, f"title_{lang}")):
        return False
    if "body" not in translated_fields(type(page)):
        return True
    return has_text(getattr(page, f"body_{lang}")) or not has_text(page.body_en)


def public_pages():
    return [
        page.specific for page in Page.objects.live().public().filter(depth__gt=1).order_by("path")
    ]


def test_every_link_says_whether_its_page_is_available(client):
    pages = public_pages()
    checked = {"marked": 0, "plain": 0}
    for lang in LANGUAGES:
        with translation.override(lang):
            urls = {page.get_url(): page for page in pages}
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            parser = Links()
            parser.feed(response.content.decode())
            for link in parser.links:
                href = link.get("href") or ""
                target = urls.get(href)
                if target is None:  # not a page (a record's website, a file, a filter, #main)
                    continue
                expected = not available(target, lang)
                assert link["marked"] == expected, (lang, url, href, link)
                if expected:
                    assert link.get("hreflang") == link.get("lang") == "en", (url, link)
                    assert link["marker_lang"] == lang, (url, link)
                else:
                    assert "hreflang" not in link and "lang" not in link, (url, link)
                checked["marked" if expected else "plain"] += 1
    # The demo has pages of both kinds in the other languages: a test that met none would pass.
    assert checked["marked"] > 0 and checked["plain"] > 0, checked
