"""Links that say their language, checked over the demo (tests/portal/test_load_demo.py, which
loads the demo once for its module): every link to a portal page whose page is not available in
the language of the page it is on says so (hreflang, lang and a marker inside the link), and no
other link does (issue 17, point 1).

Whether a page is available is decided here from the page's own columns (title, body and the
English body), not by the code under test (portal/core/availability.py), which decides it in SQL.
A link is to a page when its path, without a query string, is a page's URL in that language.
"""

from html.parser import HTMLParser

from django.utils import translation
from wagtail.models import Page

from portal.core.i18n import has_text, translated_fields
from tests.support.crawl import LANGUAGES


class Links(HTMLParser):
    """The <a> elements of a page outside the language switcher, the breadcrumbs (the same
    page tree, unmarked) and the map's drawing (its list is read): their href, hreflang, lang
    and whether a .lang-marker is inside."""

    def __init__(self):
        super().__init__()
        self.links, self.current, self.skipping, self.depth = [], None, 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag in ("svg", "nav") and (
            tag == "svg" or {"lang-switcher", "breadcrumbs"} & set(classes)
        ):
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


def check_links(client):
    """Read each live, public page in half of the languages (every page in three or four of the
    seven; which half alternates from page to page, so every language meets every page type) and
    check each link to a page. Returns how many links were marked and how many plain."""
    pages = public_pages()
    checked = {"marked": 0, "plain": 0}
    for index, lang in enumerate(LANGUAGES):
        with translation.override(lang):
            urls = {page.get_url(): page for page in pages}
        for number, url in enumerate(urls):
            if (number + index) % 2:
                continue
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
    return checked
