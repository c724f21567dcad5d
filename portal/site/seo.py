"""What search engines, feed readers and link previews read about a page.

One function, `urls_by_language`, gives a page's absolute URL in every language (the URL the
router serves, from url_path_<lang>); the sitemap (portal/site/sitemaps.py) and each page's <head>
(templates/components/head_meta.html) both use it, so their canonical and alternate URLs are the
same. x-default points at the English URL.

The <head> also carries Open Graph and Twitter card tags, JSON-LD (an Organization for a country
office, a NewsArticle for an article) and links to the page's news feeds (portal/site/feeds.py).
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.models import Page

from portal.core.i18n import LANGUAGE_CODES, active_language, field_text
from portal.core.memo import remember
from portal.core.security import nonce_of

X_DEFAULT = settings.LANGUAGE_CODE  # the language x-default points at

# og:locale wants language_TERRITORY.
OG_LOCALES = {
    "en": "en_GB",
    "fr": "fr_FR",
    "es": "es_ES",
    "nb": "nb_NO",
    "nl": "nl_NL",
    "fi": "fi_FI",
    "sv": "sv_SE",
}

# The picture a link preview shows: a rendition, never the original file.
SHARE_IMAGE_FILTER = "fill-1200x630|format-jpeg|jpegquality-85"
# Page fields that may hold a picture for sharing, before the first image of the body.
IMAGE_FIELDS = ("social_image", "listing_image", "image", "cover")

DESCRIPTION_LENGTH = 300
HEADLINE_LENGTH = 110

FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
FEED_NAMES = {"rss": "RSS", "atom": "Atom"}
# The pages that advertise a news feed: the site's, or their office's.
FEED_PAGES = ("portal.homepage", "portal.newsindexpage", "offices.countryofficepage")


def site_name():
    return gettext("Migration portal")


def absolute(request, url):
    if not url or request is None:
        return url
    return request.build_absolute_uri(url)


def urls_by_language(pages, request):
    """{page.pk: {lang: absolute URL}} for the pages, in the order of LANGUAGE_CODES.

    The language is the outer loop, so Wagtail's per-language site root paths are fetched once
    per language for the whole batch (they are cached on the request), not once per page.
    """
    urls = {page.pk: {} for page in pages}
    for lang in LANGUAGE_CODES:
        with translation.override(lang):
            for page in pages:
                url = page.get_url(request=request)
                if url:
                    urls[page.pk][lang] = absolute(request, url)
    return urls


def page_urls(page, request):
    """{lang: absolute URL} of a page: kept in the memo per page and host until the next change
    (portal/core/memo.py), except in previews (a draft's page)."""

    def build():
        return urls_by_language([page], request)[page.pk]

    if request is None or getattr(request, "is_preview", False):
        return build()
    return remember(request, ("page-urls", page.pk), build, per_language=False)


def hreflang_links(urls):
    """[(hreflang, url)]: one per language, then x-default (the English URL)."""
    links = [(lang, urls[lang]) for lang in LANGUAGE_CODES if lang in urls]
    if X_DEFAULT in urls:
        links.append(("x-default", urls[X_DEFAULT]))
    return links


# --- Pictures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int
    height: int
    alt: str


def page_image(page):
    """(image, alt text) of the page's picture for sharing: an image field, else the first image
    of the body in the visitor's language (or its fallback). (None, "") when there is none."""
    for name in IMAGE_FIELDS:
        image = getattr(page, name, None)
        if image is not None and hasattr(image, "get_rendition"):
            return image, getattr(image, "default_alt_text", "") or image.title
    if not hasattr(page, "body"):
        return None, ""
    for block in field_text(page, "body").value or []:
        if block.block_type == "image" and block.value.get("image") is not None:
            return block.value["image"], block.value.get("alt_text") or ""
    return None, ""


def share_image(page, request):
    from wagtail.images.models import SourceImageIOError

    image, alt = page_image(page)
    if image is None:
        return None
    try:
        rendition = image.get_rendition(SHARE_IMAGE_FILTER)
    except (SourceImageIOError, OSError, ValueError):
        return None  # a missing or unreadable file: no picture rather than an error page
    return ShareImage(absolute(request, rendition.url), rendition.width, rendition.height, alt)


# --- JSON-LD -----------------------------------------------------------------------------------

# As django.utils.html.json_script: nothing in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data, nonce=""):
    """The <script> element, with the response's CSP nonce when there is one."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json"{}>{}</script>',
        format_html(' nonce="{}"', nonce) if nonce else "",
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308 (escaped just above)
    )


def compact(data):
    """The dict without empty values (schema.org readers prefer a missing key to an empty one)."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def portal_organization(request):
    from portal.site.templatetags.portal_tags import _site_root

    home = _site_root(request)
    return compact(
        {
            "@type": "Organization",
            "name": site_name(),
            "url": absolute(request, home.get_url(request=request)) if home else None,
        }
    )


def office_organization(office, url, request):
    return compact(
        {
            "@type": "Organization",
            "name": str(field_text(office, "name")),
            "url": url,
            "address": compact(
                {
                    "@type": "PostalAddress",
                    "streetAddress": str(field_text(office, "address")).strip(),
                    "addressLocality": str(field_text(office, "city")),
                    "addressCountry": office.country.code,
                }
            ),
            "email": office.email,
            "telephone": office.phone,
            "sameAs": [office.website] if office.website else [],
            "knowsLanguage": list(office.languages or []),
            "parentOrganization": portal_organization(request),
        }
    )


def office_json_ld(page, meta, request):
    office = page.shown_office
    if office is None:
        return None
    return {"@context": "https://schema.org", **office_organization(office, meta.url, request)}


def article_json_ld(page, meta, request):
    from portal.site.templatetags.portal_tags import live_page

    publisher = portal_organization(request)
    author = publisher
    office = page.shown_office
    if office is not None:
        office_page = live_page(office)
        office_url = (
            absolute(request, office_page.get_url(request=request)) if office_page else None
        )
        author = compact(
            {"@type": "Organization", "name": str(field_text(office, "name")), "url": office_url}
        )
    body = field_text(page, "body")
    language = body.lang if body else field_text(page, "title").lang
    modified = page.last_published_at or page.latest_revision_created_at
    return compact(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": meta.title[:HEADLINE_LENGTH],
            "description": meta.description,
            "url": meta.url,
            "mainEntityOfPage": meta.url,
            "datePublished": page.date.isoformat() if page.date else None,
            "dateModified": modified.isoformat(timespec="seconds") if modified else None,
            "inLanguage": language,
            "author": [author],
            "publisher": publisher,
            "image": [meta.image.url] if meta.image else [],
        }
    )


def publication_json_ld(page, meta, request):
    """A `Report` for a report, else a `CreativeWork`, with one MediaObject per language file."""
    publisher_name = str(field_text(page, "publisher"))
    office = page.shown_office
    publisher = compact({"@type": "Organization", "name": publisher_name}) or None
    authors = [compact({"@type": "Person", "name": name}) for name in page.author_list]
    files = page.file_list
    identifiers = [
        compact({"@type": "PropertyValue", "propertyID": name, "value": value})
        for name, value in (("ISSN", page.issn), ("DOI", page.doi))
        if value
    ]
    return compact(
        {
            "@context": "https://schema.org",
            "@type": "Report" if page.publication_type == "report" else "CreativeWork",
            "name": meta.title,
            "headline": meta.title[:HEADLINE_LENGTH],
            "description": meta.description,
            "url": meta.url,
            "datePublished": str(page.year),
            "author": authors or [publisher],
            "publisher": publisher,
            "sourceOrganization": office_organization(office, None, request) if office else None,
            "isbn": page.isbn,
            "issn": page.issn,
            "sameAs": [f"https://doi.org/{page.doi}"] if page.doi else [],
            "identifier": identifiers,
            "genre": str(page.get_publication_type_display()),
            "inLanguage": [f.language for f in files],
            "encoding": [
                compact(
                    {
                        "@type": "MediaObject",
                        "contentUrl": absolute(request, f.document.url),
                        "encodingFormat": f.document.content_type,
                        "contentSize": str(f.size) if f.size else None,
                        "inLanguage": f.language,
                        "numberOfPages": f.pages,
                    }
                )
                for f in files
            ],
            "about": [
                compact({"@type": "Thing", "name": str(field_text(o, "title"))})
                for o in page.shown_objectives
            ],
            "image": [meta.image.url] if meta.image else [],
        }
    )


# Which JSON-LD a page type carries (by model label: portal does not import the other apps).
JSON_LD = {
    "offices.countryofficepage": office_json_ld,
    "portal.articlepage": article_json_ld,
    "portal.publicationpage": publication_json_ld,
}


# --- Feeds advertised by a page ----------------------------------------------------------------


def feed_urls(office_id=None):
    """{"rss": path, "atom": path} of the site's news feed, or of one office's, in the active
    language."""
    if office_id is None:
        return {kind: reverse(f"news_feed_{kind}") for kind in FEED_TYPES}
    return {kind: reverse(f"office_feed_{kind}", args=[office_id]) for kind in FEED_TYPES}


def office_for(page, request):
    """The office whose news a page lists: the office page's own, or that of the office page
    above a news index. None for the site-wide pages (no query for them)."""
    from portal.site.templatetags.portal_tags import _site_root

    label = page._meta.label_lower
    if label == "offices.countryofficepage":
        return page.shown_office
    if label == "portal.newsindexpage":
        parent_path = page.path[: -page.steplen]
        home = _site_root(request)
        if home is not None and parent_path == home.path:
            return None
        from django.apps import apps

        office_model = apps.get_model("offices", "Office")
        return office_model.objects.live().filter(page__path=parent_path).first()
    return None


def publications_feed_title():
    return " · ".join([gettext("New publications"), site_name()])


def publication_feeds(request):
    """The library's feeds in the active language (portal/site/publication_feeds.py)."""
    title = publications_feed_title()
    return [
        {
            "kind": kind,
            "type": FEED_TYPES[kind],
            "title": f"{title} ({FEED_NAMES[kind]})",
            "url": absolute(request, reverse(f"publications_feed_{kind}")),
        }
        for kind in FEED_TYPES
    ]


def page_feeds(page, request):
    """The feeds a page advertises: [{"kind", "type", "title", "url"}] (empty for most pages)."""
    if page._meta.label_lower == "portal.publicationindexpage":
        return publication_feeds(request)
    if page._meta.label_lower not in FEED_PAGES:
        return []
    # Asked for by the <head> and by the page's visible link: looked up once per request.
    cached = getattr(request, "_portal_feed_office", None)
    if cached is not None and cached[0] == page.pk:
        office = cached[1]
    else:
        office = office_for(page, request)
        if request is not None:
            request._portal_feed_office = (page.pk, office)
    title = feed_title(office)
    return [
        {
            "kind": kind,
            "type": FEED_TYPES[kind],
            "title": f"{title} ({FEED_NAMES[kind]})",
            "url": absolute(request, url),
        }
        for kind, url in feed_urls(office.pk if office else None).items()
    ]


def feed_title(office=None):
    """The feed's title: Latest news · Migration portal (Norway · ... for an office's)."""
    parts = [gettext("Latest news"), site_name()]
    if office is not None:
        parts.insert(0, str(field_text(office, "name")))
    return " · ".join(parts)


# --- Everything the <head> says about a page ---------------------------------------------------


@dataclass
class HeadMeta:
    url: str | None = None  # canonical
    alternates: list | None = None
    title: str = ""
    description: str = ""
    og_type: str = "website"
    locale: str = ""
    locale_alternates: list | None = None
    site_name: str = ""
    image: ShareImage | None = None
    published: str = ""
    modified: str = ""
    feeds: list | None = None
    json_ld: str = ""


def text(obj, *fields):
    """The first of the fields with text, in the visitor's language or its fallback."""
    for name in fields:
        value = field_text(obj, name)
        if value:
            return str(value.value).strip()
    return ""


def head_meta(request, page=None, language_links=None):
    lang = active_language()
    meta = HeadMeta(
        site_name=site_name(),
        locale=OG_LOCALES.get(lang, lang),
        locale_alternates=[OG_LOCALES.get(code, code) for code in LANGUAGE_CODES if code != lang],
    )
    if not isinstance(page, Page):
        # A view without a page (search): the same view in each language, as the switcher has it.
        urls = {
            link["code"]: link["absolute_url"] for link in language_links or [] if link.get("url")
        }
        meta.alternates = hreflang_links(urls)
        return meta

    urls = page_urls(page, request)
    meta.url = urls.get(lang)
    meta.alternates = hreflang_links(urls)
    meta.title = text(page, "seo_title", "title")
    description = text(page, "search_description", "summary")
    if len(description) > DESCRIPTION_LENGTH:
        description = description[: DESCRIPTION_LENGTH - 1].rstrip() + "…"
    meta.description = description
    meta.image = share_image(page, request)
    label = page._meta.label_lower
    if label == "portal.articlepage":
        meta.og_type = "article"
        meta.published = page.date.isoformat() if page.date else ""
        modified = page.last_published_at
        meta.modified = modified.isoformat(timespec="seconds") if modified else ""
    meta.feeds = page_feeds(page, request)
    builder = JSON_LD.get(label)
    data = builder(page, meta, request) if builder is not None else None
    if data is not None:
        meta.json_ld = json_ld_script(data, nonce_of(request))
    return meta
