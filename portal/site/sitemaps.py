"""/sitemap.xml and /robots.txt.

The sitemap lists every live, public page of the site in every language: one <url> per page and
language, each with the page's URLs in all languages as hreflang alternates plus x-default (the
English URL), the same set the page's own <head> carries (both come from
portal.site.seo.urls_by_language). A few queries whatever the number of pages: the site, the view
restrictions, a count, and the pages of one file. When the URLs do not fit in one file,
/sitemap.xml is a sitemap index of /sitemap-1.xml, /sitemap-2.xml..., each of at most
URLS_PER_FILE (2,000) URLs.
"""

import datetime
import math
from xml.sax.saxutils import escape

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from portal.core.i18n import LANGUAGE_CODES
from portal.site.seo import absolute, hreflang_links, urls_by_language

# Search engines take up to 50,000 URLs per file; smaller files are quicker to build and fetch
# (each URL carries its eight alternates: 2,000 URLs make a file of about 3 MB).
URLS_PER_FILE = 2000

XML_CONTENT_TYPE = "application/xml; charset=utf-8"
URLSET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
INDEX_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)


def attr(value):
    return escape(value, {'"': "&quot;"})


def site_root(request):
    from portal.site.templatetags.portal_tags import _site_root

    return _site_root(request)


def sitemap_pages(root):
    """Live, public pages of the site, in tree order, with only what their URLs need."""
    return (
        Page.objects.live()
        .public()
        .filter(path__startswith=root.path)
        .order_by("path")
        .only(
            "id",
            "path",
            "depth",
            "url_path",
            *(f"url_path_{lang}" for lang in LANGUAGE_CODES),
            "last_published_at",
        )
    )


def pages_per_file():
    """Whole pages per file, so that a page's URLs in every language share its file: at most
    URLS_PER_FILE URLs, since a page has at most one URL per language."""
    return max(1, URLS_PER_FILE // len(LANGUAGE_CODES))


def file_count(pages):
    return max(1, math.ceil(pages.count() / pages_per_file()))


def lastmod(page):
    if page.last_published_at is None:
        return ""
    moment = page.last_published_at.astimezone(datetime.UTC)
    return f"<lastmod>{moment.isoformat(timespec='seconds')}</lastmod>"


def urlset(pages, request):
    pages = list(pages)
    urls = urls_by_language(pages, request)
    parts = [URLSET_OPEN]
    for page in pages:
        links = hreflang_links(urls[page.pk])
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{code}" href="{attr(url)}"/>'
            for code, url in links
        )
        modified = lastmod(page)
        for lang in LANGUAGE_CODES:
            if lang in urls[page.pk]:
                loc = escape(urls[page.pk][lang])
                parts.append(f"<url><loc>{loc}</loc>{modified}{alternates}</url>\n")
    parts.append("</urlset>\n")
    return HttpResponse("".join(parts), content_type=XML_CONTENT_TYPE)


def sitemap_index(count, request):
    parts = [INDEX_OPEN]
    for number in range(1, count + 1):
        url = absolute(request, reverse("sitemap_file", args=[number]))
        parts.append(f"<sitemap><loc>{escape(url)}</loc></sitemap>\n")
    parts.append("</sitemapindex>\n")
    return HttpResponse("".join(parts), content_type=XML_CONTENT_TYPE)


def sitemap(request):
    """All the pages, or the index of the files they are split into."""
    root = site_root(request)
    if root is None:
        return urlset([], request)
    pages = sitemap_pages(root)
    count = file_count(pages)
    if count > 1:
        return sitemap_index(count, request)
    return urlset(pages, request)


def sitemap_file(request, number):
    """One file of the sitemap: pages_per_file() pages (in tree order), in every language."""
    root = site_root(request)
    if root is None:
        raise Http404
    pages = sitemap_pages(root)
    if number < 1 or number > file_count(pages):
        raise Http404
    start = (number - 1) * pages_per_file()
    return urlset(pages[start : start + pages_per_file()], request)


def robots_txt(request):
    """Everything public may be crawled, but not the admin and search results."""
    search_paths = []
    for lang in LANGUAGE_CODES:
        with translation.override(lang):
            search_paths.append(reverse("search"))
    return TemplateResponse(
        request,
        "robots.txt",
        {
            "search_paths": search_paths,
            "admin_path": reverse("wagtailadmin_home"),
            "sitemap_url": absolute(request, reverse("sitemap")),
        },
        content_type="text/plain; charset=utf-8",
    )
