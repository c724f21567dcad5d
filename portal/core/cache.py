"""Full-page cache for anonymous visitors, purged whenever what public pages show changes.

What is cached: anonymous GET requests of the public URLs (every /<lang>/... page Wagtail routes,
the feeds, /sitemap.xml and its files, /robots.txt, the JSON API under /api/), answered 200 with
no cookie set, no `Cache-Control: private, no-cache or no-store` and no `Vary: Cookie`. HEAD
requests are answered from the GET entry. Every response to such a request says `X-Cache: hit` or
`X-Cache: miss`; requests that may not be cached (a session or messages cookie, an Authorization
header, a POST, the admin, a preview, search) go straight to the view and carry no X-Cache.

The key is the scheme, host, path, the query parameters the page reads (see below), the language
the request is served in, the local date (pages such as a programme's say whether it is still
running) and the release (`RELEASE`, so two versions of the code never share entries), under the
current *generation*.

Query strings: only the parameters a response depends on are part of its key, each in a canonical
form; every other parameter is ignored, so `/en/news/?junk=1` is served from the `/en/news/` entry
and a flood of made-up query strings neither bypasses the cache nor fills it. Whoever serves a
response says which parameters it read with `reads(request, *names)`: page types through their
`cache_parameters` attribute (read by a `before_serve_page` hook), the API's views in their
dispatch. The first response stored for a path in a generation records these names (its
*shape*, one small entry); later requests for that path with a query string look it up first.
How each parameter's value is made canonical is registered by the layer that reads it
(`query_parameter(name, clean)`): `clean` returns the canonical text, IGNORED when the value
changes nothing the page shows, or None when only the view can tell. Canonical values come from
small sets (a page number up to MAX_PAGE, an objective's number, a two-letter country...), so the
entries per path stay bounded. A request with other parameters (or values a cleaner says change
nothing: IGNORED) is served the entry of its canonical URL (the same without them) when there is
one, else redirected (302) to that URL; its own response is never stored (its links may carry
the parameters). A value a cleaner has no canonical form for (page=5000, a lower-case country,
an unknown `lang`) goes to the view, which alone knows what it means, and is not stored. The
path's first request with a query string in a generation renders, to learn the shape.

Invalidation: each stored response keeps the *tags* of what it showed (portal/core/tags.py:
every page whose URL it computed, every content table it read) with each tag's version at the
time. The common changes purge by tag once their transaction has committed: a live page's new
version purges its own tag, its page type's (the listings that may reorder or filter on the new
values) and the responses with too many pages to tag; an office, partner or country action
saved or deleted, or its links changed, purges its model's tag; a translation state, its
object's. A tag's new version is random, so every response stored with the old one becomes a
miss, in every language. The rest (a first publish, an unpublish, a delete, a move, a new slug,
the home page and the main menu, the objectives, images, documents, sites, view restrictions:
what the memo keeps, or what listings read from Wagtail's page tree alone) purges everything: a
new *generation* token, kept in the cache itself, is part of every key, and every entry written
under the old token is never read again (the cache evicts it). A rolled-back change purges
nothing; a committed one purges before the editor's request returns, so the next request
anywhere sees it. tests/portal/test_page_cache_tags.py renders every URL before and after each
kind of change and checks that every URL whose content changed is a miss.

Why this is correct even with concurrent requests: a request reads the token *before* it renders
and stores its response under that token. A response rendered from data older than a commit was
therefore keyed with a token read before that commit's new token was set, so it is never served
after that point. For tags, a second token (the *data* token, which every purge replaces, and
under which the memo keeps its values) is read before the render and again after the tags'
versions, at store time: if it changed, the response is not stored; if not, the versions it
keeps were read before the purge replaced them, so it is a miss after. Tokens and versions are
random, never counters, so a token lost from the cache (evicted, cache restarted) or two purges
racing can never bring an old generation back; a tag with no version when a response is stored
gets one first, so a version evicted later makes a miss, never a hit.

A CDN in front (wagtail.contrib.frontend_cache, configured by environment in production) gets
each response's tags as `Surrogate-Key` and `Cache-Tag` headers (a CDN that purges by tag can
use them), and is told to purge the page's URL in every language, and its ancestors' (the
listings that show it), when a page is published, unpublished, moved or deleted; everything
else it holds expires after CDN_MAX_AGE seconds (see docs/deployment.md).
"""

import base64
import hashlib
import logging
import os
import re
import threading

from django.conf import settings
from django.db import connection, transaction
from django.db.models import ManyToManyField
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re, patch_cache_control
from django.utils.http import urlencode

from portal.core import cdn, demand, generation, memo, resilient_cache, tags
from portal.core.query import live_text_unchanged

logger = logging.getLogger(__name__)

STATUS_HEADER = "X-Cache"

# Request headers a response may vary on that are already part of the key, or that say nothing
# about the content (Accept-Language only chooses the language, which the key holds).
VARY_IN_KEY = {"accept-language"}
# A response varying on these is personal: never stored.
VARY_PERSONAL = {"*", "cookie", "authorization"}

# Models whose rows public pages show, beyond the pages themselves: a save, a delete or a change
# of their many-to-many links purges the page cache. Every model registered with modeltranslation
# that is not a page is watched without asking (its text is on some page); the layers above add
# the others with `watch()` and name the models public pages never show with `not_shown()`, from
# their AppConfig.ready(). tests/portal/test_page_cache.py checks that every model of the
# portal's own apps is one or the other.
_WATCHED = {  # the foundation's own: old slugs redirect; sites and view restrictions
    "portal.urlpathhistory",
    "wagtailcore.site",
    "wagtailcore.pageviewrestriction",
}
_NOT_SHOWN = set()
_CONNECTED = set()


def watch(*labels):
    """Public pages show these models' rows: purge when one changes. Safe to call again."""
    _WATCHED.update(label.lower() for label in labels)
    if _CONNECTED:  # connect() has run: connect the newcomers now
        for model in watched_models():
            connect_model(model)


def not_shown(*labels):
    """No public page shows these models' rows: their changes purge nothing."""
    _NOT_SHOWN.update(label.lower() for label in labels)


def translated_records():
    from modeltranslation.translator import translator
    from wagtail.models import Page

    return [m for m in translator.get_registered_models(abstract=False) if not issubclass(m, Page)]


def watched_labels():
    """The labels of every watched model and of every model known not to be shown."""
    from wagtail.documents import get_document_model_string
    from wagtail.images import get_image_model_string

    translated = {m._meta.label_lower for m in translated_records()}
    media = {get_image_model_string().lower(), get_document_model_string().lower()}
    return {"watched": _WATCHED | translated | media, "not_shown": set(_NOT_SHOWN)}


# Query parameters


MAX_PAGE = 1000  # further pages of a listing are not worth an entry each: rendered, not stored
_PARAMETERS = {}  # name: clean(value) -> canonical text, IGNORED or None (see above)
READS_ATTR = "page_cache_reads"
UNLISTED_ATTR = "page_cache_unlisted"
SHAPE_LIMIT = 20  # names a response may read; more is a bug, not a page


def query_parameter(name, clean):
    """Register how the value of query parameter `name` is made canonical for the page cache's
    key. Called from an AppConfig.ready() by the layer that reads the parameter."""
    _PARAMETERS[name] = clean


def reads(request, *names):
    """This request's response depends on these query parameters (and on no other)."""
    known = getattr(request, READS_ATTR, None)
    if known is None:
        known = set()
        setattr(request, READS_ATTR, known)
    known.update(names)


# What a cleaner returns for a value that changes nothing the page shows (like a parameter the
# page does not read): the request is answered as if it were not there.
IGNORED = object()


def unlisted(request):
    """This response answers parameter values the view did not understand (an office that does
    not exist): served, not stored, so made-up values cannot fill the cache."""
    setattr(request, UNLISTED_ATTR, True)


def bounded_int(low, high, otherwise=None):
    """A cleaner for whole numbers from low to high written plainly ("7"), or empty (a form sent
    with the field left blank). Not a number: `otherwise`; another number ("07", too large):
    None, rendered and not stored."""

    def clean(value):
        if value == "":
            return value
        if not (value.isascii() and value.isdigit()):
            return otherwise
        if len(value) > len(str(high)) or str(int(value)) != value:
            return None
        return value if low <= int(value) <= high else None

    return clean


def one_of(*choices):
    """A cleaner for a value from a fixed set, or empty; anything else is rendered, not stored."""
    allowed = frozenset(choices) | {""}

    def clean(value):
        return value if value in allowed else None

    return clean


def matching(pattern):
    """A cleaner for values that match a regular expression entirely, or empty."""
    compiled = re.compile(pattern)

    def clean(value):
        return value if value == "" or compiled.fullmatch(value) else None

    return clean


def canonical_query(request, names):
    """The query this request asks for, reduced to the parameters among `names` with canonical
    values. Returns (the text for the key, sorted; the query string of the canonical URL, in the
    request's order; whether the request's query is exactly that; whether a value has no
    canonical form, so that only the view can tell what it shows)."""
    kept, exact, unknown = [], True, False
    for name, values in request.GET.lists():
        clean = _PARAMETERS.get(name, lambda value: None) if name in names else None
        for value in values:
            canonical = clean(value[:100]) if clean is not None else IGNORED
            if canonical is IGNORED:
                exact = False
            elif canonical is None:
                unknown = True
            else:
                kept.append((name, canonical))
                exact = exact and canonical == value
    key = "&".join(f"{name}={value}" for name, value in sorted(kept))
    return key, urlencode(kept), exact and not unknown, unknown


# paginate(), below every listing. Not a number: page 1, as without it.
query_parameter("page", bounded_int(1, MAX_PAGE, otherwise=IGNORED))


def _language_codes():
    return "|".join(re.escape(code) for code, _name in settings.LANGUAGES)


# Pages, feeds, sitemaps, robots.txt and the JSON API...
CACHEABLE_PATH = re.compile(
    rf"^/(?:(?:{_language_codes()})/|robots\.txt$|sitemap(?:-\d+)?\.xml$|api/)"
)
# ...but not search (visitors type the query string: every search would be a new entry pushing
# pages out) nor Wagtail's login and password forms (_util/).
EXCLUDED_PATH = re.compile(rf"^/(?:{_language_codes()})/(?:search|_util)/")


def purge():
    """Empty the page cache now: set a new generation token. Safe to call at any time."""
    memo.forget()
    try:
        generation.start_new()
    except Exception as exc:
        # The change is committed; the cache could not be told. When the cache is away, this
        # worker starts a new generation once it is back (portal/core/resilient_cache.py); else
        # entries expire after PAGE_CACHE_TIMEOUT at the latest. Say so rather than fail the
        # editor's request.
        if not resilient_cache.is_fault(exc):
            logger.exception("Could not purge the page cache")


class PendingPurge:
    """What one transaction purges when it commits: the page cache, and these CDN URLs.

    Every change registers an on_commit callback that runs this once. When a savepoint rolls
    back, Django drops the callbacks registered inside it; as long as one change of the
    transaction survives, its callback purges (a rolled-back change may widen a CDN purge,
    never narrow it).
    """

    def __init__(self):
        self.urls = set()
        self.old_paths = set()  # (page id, language, url_path it had): resolved after commit
        self.tags = set()  # what to purge, when not everything
        self.everything = False
        self.done = False

    def __call__(self):
        if self.done:
            return
        self.done = True
        if self.everything or not self.tags:
            purge()
        else:
            memo.forget()
            purge_tags(self.tags)
        if cdn_configured():
            shown = None if self.everything or not self.tags else {*map(cdn_tag, self.tags)}
            cdn.purge(self.urls | old_urls(self.old_paths), shown)


_pending = threading.local()


def purge_on_commit(urls=(), old_paths=(), shown=None):
    """Purge the page cache (and these URLs from the CDN) once the current transaction commits,
    at once outside a transaction; never if it rolls back. Only the responses tagged with one of
    `shown` when given, else everything; one change of an atomic block that purges everything
    makes the block purge everything."""
    memo.forget()  # this worker's requests see the change at once (portal/core/memo.py)
    # One PendingPurge per atomic block: a block rolled back takes its callback with it, and
    # its changes must not widen the purge of the block that follows.
    block = tuple(connection.savepoint_ids)
    pending = getattr(_pending, "purge", None)
    if pending is None or pending.done or pending.block != block:
        pending = _pending.purge = PendingPurge()
        pending.block = block
    pending.urls.update(urls)
    pending.old_paths.update(old_paths)
    if shown is None:
        pending.everything = True
    else:
        pending.tags.update(shown)
    transaction.on_commit(pending)


# The middleware


def request_is_cacheable(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "is_dummy", False) or getattr(request, "is_preview", False):
        return False  # Wagtail's previews run through the middleware with a made-up request
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False  # logged in, or about to be shown a message
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    path = request.path_info
    return bool(CACHEABLE_PATH.match(path)) and not EXCLUDED_PATH.match(path)


def response_is_storable(response):
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    return not vary_headers(response) & VARY_PERSONAL


def vary_headers(response):
    if not response.has_header("Vary"):
        return set()
    return {h.strip().lower() for h in cc_delim_re.split(response["Vary"]) if h.strip()}


def redirect_to(request, query):
    """To the URL with only the parameters the page reads: not a render, and not permanent (a
    page may read more parameters after an upgrade)."""
    response = HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)
    response[STATUS_HEADER] = "redirect"
    return response


# Tags (portal/core/tags.py): an entry keeps the version each of its tags had when it was stored;
# a targeted purge gives the tags of what changed new versions, and an entry whose tags no longer
# have the versions it kept is a miss. A tag with no version yet gets one when an entry is stored
# (a version evicted from the cache later is then a miss, never a hit).


def tag_key(prefix, tag):
    return f"{prefix}:tag:{tag}"


def tag_versions(prefix, request, shown):
    """{tag: version} for an entry about to be stored, or None when a change was committed
    since the request read the data token (before it rendered): the response may show data
    from before it, under versions from after it."""
    cache = generation.page_cache()
    try:
        keys = [tag_key(prefix, tag) for tag in shown]
        versions = cache.get_many(keys)
        missing = set(keys) - set(versions)
        if missing:  # add(): a version another request set meanwhile is kept, and read back
            for key in missing:
                cache.add(key, new_version(), timeout=None)
            versions = cache.get_many(keys)
        if generation.current_data() != getattr(request, memo.GENERATION_ATTR, None):
            return None
    except Exception:
        logger.exception("Page cache unavailable: response not stored")
        return None
    if len(versions) < len(keys):
        return None
    return {tag: versions[tag_key(prefix, tag)] for tag in shown}


def still_current(prefix, versions):
    if not versions:
        return True
    keys = {tag_key(prefix, tag): version for tag, version in versions.items()}
    try:
        found = generation.page_cache().get_many(list(keys))
    except Exception:
        logger.exception("Page cache unavailable: serving without it")
        return False
    return all(found.get(key) == version for key, version in keys.items())


def new_version():
    return os.urandom(6).hex()


def purge_tags(shown):
    """Purge the responses tagged with any of `shown`: new versions for the tags (under the
    current generation), and a new data token for the memo."""
    try:
        prefix = f"page-cache:{settings.PAGE_CACHE_RELEASE}:{generation.current_generation()}"
        # The data token first: a request storing meanwhile either reads the new token (and
        # stores nothing) or read the tags' versions before they change (and is a miss later).
        generation.new_data()
        generation.page_cache().set_many(
            {tag_key(prefix, tag): new_version() for tag in shown}, timeout=None
        )
    except Exception as exc:
        if not resilient_cache.is_fault(exc):
            logger.exception("Could not purge the page cache")


def cdn_tag(tag):
    return tag.replace(":", "-")


def request_header(request, name):
    return request.META.get("HTTP_" + name.upper().replace("-", "_"), "")


def key_material(request, query=""):
    """Where the response was asked for (the query reduced to what the page reads), in which
    language, on which day: hashed."""
    language = translation.get_language_from_request(request, check_path=True)
    parts = [
        request.scheme,
        request.get_host(),
        request.path,
        query,
        language,
        timezone.localdate().isoformat(),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class PageCacheMiddleware:
    """Serve public pages to anonymous visitors from the cache.

    Sits right after WhiteNoise, outside the session, CSRF and message middleware, so that it
    sees the cookies and Vary headers they add before it decides to store a response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.PAGE_CACHE_ENABLED and request_is_cacheable(request)):
            response = self.get_response(request)
            demand.served(request, response, demand.marks(request))
            return response
        prefix = self.prefix(request)
        names = self.shape(prefix, request) if prefix is not None else None
        if names is not None:
            key, query, exact, unknown = canonical_query(request, names)
            key = f"{prefix}:{key_material(request, key)}"
            hit = None if unknown else self.lookup(key, request)
            if hit is not None:
                return hit
            if not (exact or unknown):  # parameters the page does not read: to its own URL
                return redirect_to(request, query)
        with tags.collecting() as seen:
            response = self.get_response(request)
        if prefix is not None and request.method == "GET" and response_is_storable(response):
            shown = seen.tags()
            self.add_cdn_headers(response, shown)
            read = sorted(getattr(request, READS_ATTR, ()))[:SHAPE_LIMIT]
            key, _query, exact, _unknown = canonical_query(request, read)
            if exact and not getattr(request, UNLISTED_ATTR, False):
                # (A response to other parameters might show them, in its links.)
                key = f"{prefix}:{key_material(request, key)}"
                self.store(key, request, response, tag_versions(prefix, request, shown))
            if names is None or not request.GET:
                self.store_shape(prefix, request, read)
        response[STATUS_HEADER] = "miss"
        demand.served(request, response, demand.marks(request))
        return response

    @staticmethod
    def prefix(request):
        request.get_host()  # a host not in ALLOWED_HOSTS raises: a 400, as usual
        try:
            token, data = generation.current_tokens()
        except Exception as exc:
            if not resilient_cache.is_fault(exc):  # a fault is logged once a minute
                logger.exception("Page cache unavailable: serving without it")
            setattr(request, memo.GENERATION_ATTR, None)
            return None
        setattr(request, memo.GENERATION_ATTR, data)  # the memo builds under it
        return f"page-cache:{settings.PAGE_CACHE_RELEASE}:{token}"

    @staticmethod
    def shape_key(prefix, request):
        return f"{prefix}:shape:{key_material(request)}"

    def shape(self, prefix, request):
        """The query parameters the page at this path reads, or None while it is not known (the
        path's first request with a query string in this generation). Without a query string
        it does not matter: no cache read."""
        if not request.GET:
            return ()
        try:
            return generation.page_cache().get(self.shape_key(prefix, request))
        except Exception:
            logger.exception("Page cache unavailable: serving without it")
            return None

    def store_shape(self, prefix, request, names):
        try:
            generation.page_cache().set(
                self.shape_key(prefix, request), names, settings.PAGE_CACHE_TIMEOUT
            )
        except Exception:
            logger.exception("Page cache unavailable: response not stored")

    @staticmethod
    def lookup(key, request):
        try:
            entry = generation.page_cache().get(key)
        except Exception:
            logger.exception("Page cache unavailable: serving without it")
            return None
        if entry is None:
            return None
        if any(request_header(request, name) != value for name, value in entry["vary"].items()):
            return None
        if not still_current(key.rsplit(":", 1)[0], entry.get("tags", {})):
            return None
        content, headers = fresh_nonce(entry["content"], entry["headers"], entry.get("nonce"))
        response = HttpResponse(content, status=entry["status"])
        for name, value in headers:
            response.headers[name] = value
        response[STATUS_HEADER] = "hit"
        # What the render marked (a text shown in a fallback language...) is counted again.
        demand.served(request, response, entry.get("demand", ()))
        return response

    @staticmethod
    def store(key, request, response, versions):
        if versions is None:
            return  # something changed while it rendered: it may show the old version
        entry = {
            "tags": versions,
            "status": response.status_code,
            "headers": list(response.headers.items()),
            "content": response.content,
            "nonce": policy_nonce(response),
            "demand": demand.marks(request),  # portal/core/demand.py: counted on every hit
            # Request headers the response varies on (other than the language, in the key):
            # a later request with other values is a miss.
            "vary": {
                name: request_header(request, name) for name in vary_headers(response) - VARY_IN_KEY
            },
        }
        try:
            generation.page_cache().set(key, entry, settings.PAGE_CACHE_TIMEOUT)
        except Exception:
            logger.exception("Page cache unavailable: response not stored")

    @staticmethod
    def add_cdn_headers(response, shown):
        """With a CDN in front, let it keep the page CDN_MAX_AGE seconds (it is told to forget
        a page sooner when the page changes); browsers always ask again. Nothing without. The
        response's tags go out as Surrogate-Key (Fastly) and Cache-Tag (Cloudflare, Akamai), so a
        CDN can purge by tag too."""
        max_age = settings.CDN_MAX_AGE
        if max_age and not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=0, s_maxage=max_age)
        if max_age:
            response["Surrogate-Key"] = " ".join(cdn_tag(tag) for tag in shown)
            response["Cache-Tag"] = ",".join(cdn_tag(tag) for tag in shown)


# Content Security Policy nonces: a nonce must never be reused, so a stored page gets a new one
# on every hit, in its policy and in every nonce="..." attribute the policy's old nonce was in.

NONCE_IN_POLICY = re.compile(r"'nonce-([A-Za-z0-9+/=_-]+)'")
POLICY_HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")


def policy_nonce(response):
    for name in POLICY_HEADERS:
        match = NONCE_IN_POLICY.search(response.get(name, ""))
        if match:
            return match.group(1)
    return None


def new_nonce():
    return base64.b64encode(os.urandom(16)).decode("ascii")  # as django-csp makes them


def fresh_nonce(content, headers, old):
    if not old:
        return content, headers
    nonce = new_nonce()
    content = content.replace(f'nonce="{old}"'.encode(), f'nonce="{nonce}"'.encode())

    def renew(name, value):
        if name in POLICY_HEADERS:
            return value.replace(f"'nonce-{old}'", f"'nonce-{nonce}'")
        if name == "Content-Length":
            return str(len(content))
        return value

    return content, [(name, renew(name, value)) for name, value in headers]


# The CDN


def cdn_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def page_urls(page):
    """The page's full URLs in every language (with the sub-paths it says it has cached)."""
    urls = set()
    paths = page.get_cached_paths()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = page.get_full_url()
        if url:
            urls.update(url + path.lstrip("/") for path in paths)
    return urls


def urls_for_page(page, with_descendants=False):
    """The URLs of the page, of the live pages above it (which list it) and, when asked, of the
    live pages under it: what a CDN must forget when the page changes. None without a CDN."""
    from wagtail.models import Page

    if not cdn_configured():
        return set()
    pages = [page, *Page.objects.ancestor_of(page).live().filter(depth__gt=1)]
    if with_descendants:
        pages += page.get_descendants().live().specific(defer=True)
    urls = set()
    for each in pages:
        urls |= page_urls(each)
    return urls


def old_urls(old_paths):
    """The URLs a page and the live pages under it had before a slug change, in one language:
    they now redirect, and a CDN must not keep serving the page there."""
    from wagtail.models import Page

    urls = set()
    for page_id, language, old_path in old_paths:
        page = Page.objects.filter(pk=page_id).first()
        if page is None:
            continue
        with translation.override(language):
            prefix = page.url_path
            for each in [page, *page.get_descendants().live()]:
                each.url_path = old_path + each.url_path[len(prefix) :]
                url = each.get_full_url()
                if url:
                    urls.add(url)
    return urls


# Signals


# Targeted purges (tags, above) for the common changes: a live page's new version, a record's
# edit. Everything is purged when the change may alter what the tags cannot see: what the memo
# keeps (the site, the home page, the main menu: the pages right under it, and the models
# registered with `purges_everything`), what a page's absence or presence changes in listings
# read from Wagtail's page tree alone (a first publish, an unpublish, a delete, a move, a new slug,
# `show_in_menus`), and the models nobody registered for tags (images, documents, sites...).
_EVERYTHING = set()
MENU_DEPTH = 3  # the root (1), the home page (2), the main menu (3)


def purges_everything(*labels):
    """A change to these models (page types or records) purges the whole page cache: the memo
    keeps what they show. Called from an AppConfig.ready()."""
    _EVERYTHING.update(label.lower() for label in labels)


def before_page_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """Remember the row's state before the save, to purge by what a new version changes
    (publishing saves every field; a draft's or a lock's save names the few it writes)."""
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"live", "show_in_menus"} & set(update_fields):
        return
    instance._cache_before = page_state(type(instance), instance.pk)


def page_state(model, pk):
    """A page's columns ({(table, column): value}) and many-to-many links ({table: ids})."""
    fields = model._meta.concrete_fields
    row = model._base_manager.filter(pk=pk).values_list(*(f.attname for f in fields)).first()
    if row is None:
        return None
    keys = [(field.model._meta.db_table, field.column) for field in fields]
    columns = dict(zip(keys, row, strict=True))
    links = {}
    for field in model._meta.many_to_many:
        if not isinstance(field, ManyToManyField):
            continue  # tags: rows of their own, with a ParentalKey (record_tags)
        through = field.remote_field.through
        owned = through._base_manager.filter(**{field.m2m_field_name(): pk})
        links[through._meta.db_table] = set(owned.values_list(field.m2m_reverse_name(), flat=True))
    return columns, links


def published_page_tags(page):
    """The tags a new version of this page purges, or None for everything."""
    before = getattr(page, "_cache_before", None)
    model = page.specific_class
    if before is None or model is None or page.depth <= MENU_DEPTH:
        return None  # a page just made, or the chrome
    after = page_state(model, page.pk)
    (columns, links), (now_columns, now_links) = before, after
    page_table = _page_model()._meta.db_table
    in_menus = (page_table, "show_in_menus")
    if not columns[(page_table, "live")] or columns[in_menus] != now_columns[in_menus]:
        return None  # a first publish, in or out of the menu
    # The page type's table and its parents' (a listing of the parent type shows it too).
    labels = {m._meta.label_lower for m in [model, *model._meta.get_parent_list()]}
    labels.discard("wagtailcore.page")
    if labels & _EVERYTHING:
        return None
    changed = [key for key, value in now_columns.items() if columns.get(key) != value]
    moved = [table for table, ids in now_links.items() if links.get(table) != ids]
    return {
        tags.page_tag(page.pk),
        tags.PAGES,
        *(tags.model_tag(label) for label in labels),
        *(tags.column_tag(label, *key) for label in labels for key in changed),
        *(tags.links_tag(label, table) for label in labels for table in moved),
    }


def page_key_of(model):
    """The column of a record's ParentalKey to a page (an article's tags), if it has one."""
    from modelcluster.fields import ParentalKey
    from wagtail.models import Page

    for field in model._meta.concrete_fields:
        if isinstance(field, ParentalKey) and issubclass(field.related_model, Page):
            return field.column
    return None


def on_page_published(sender, instance, **kwargs):
    purge_on_commit(urls_for_page(instance), shown=published_page_tags(instance))


def on_page_changed(sender, instance, **kwargs):
    """Unpublished (by hand or on expiry), or deleted."""
    purge_on_commit(urls_for_page(instance))


def before_page_move(sender, instance, **kwargs):
    """The old URLs of the page and of every page under it stop working."""
    purge_on_commit(urls_for_page(instance, with_descendants=True))


def after_page_move(sender, instance, **kwargs):
    purge_on_commit(urls_for_page(instance, with_descendants=True))


def record_tags(model, instance):
    """The tags a change to this row purges, or None for everything."""
    label = model._meta.label_lower
    if label == "portal.translationstate":  # shown next to the object it belongs to
        target = instance.content_type.model_class() if instance is not None else None
        if target is None:
            return None
        if issubclass(target, _page_model()):
            return {tags.page_tag(instance.object_id)}
        model, label = target, target._meta.label_lower
    if label in _EVERYTHING or label not in _tagged_labels():
        return None
    key = page_key_of(model)
    if key is not None and instance is not None:  # read by its page alone too (tags.py)
        return {tags.model_tag(label), tags.page_tag(getattr(instance, key))}
    return {tags.model_tag(label)}


def _page_model():
    from wagtail.models import Page

    return Page


def _tagged_labels():
    """Records whose tables are tagged: the translated ones, and those registered."""
    return {m._meta.label_lower for m in translated_records()} | _TAGGED


_TAGGED = {"portal.articletag", "taggit.tag"}


def on_record_changed(sender, instance=None, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if live_text_unchanged(update_fields):
        return  # a draft saved, or a lock: nothing public changed
    purge_on_commit(shown=record_tags(sender, instance))


def on_old_url_path(sender, instance, raw=False, **kwargs):
    if not raw and cdn_configured():
        purge_on_commit(old_paths=[(instance.page_id, instance.language, instance.url_path)])


def on_links_changed(sender, action, instance=None, model=None, **kwargs):
    if not action.startswith("post_"):
        return
    owner = record_tags(type(instance), instance) if instance is not None else None
    other = record_tags(model, None) if model is not None else None
    shown = None if owner is None or other is None else owner | other
    purge_on_commit(shown=shown)


def on_migrate(sender, **kwargs):
    """A deploy runs migrate: start the new code with an empty page cache."""
    purge()


def watched_models():
    from django.apps import apps

    return [apps.get_model(label) for label in sorted(watched_labels()["watched"])]


def connect_model(model):
    """Purge when a row of `model`, or one of its many-to-many links, changes."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    uid = f"page-cache-{model._meta.label_lower}"
    if uid in _CONNECTED:
        return
    _CONNECTED.add(uid)
    post_save.connect(on_record_changed, sender=model, dispatch_uid=f"{uid}-saved")
    post_delete.connect(on_record_changed, sender=model, dispatch_uid=f"{uid}-deleted")
    for field in model._meta.many_to_many:
        m2m_changed.connect(
            on_links_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}"
        )


def connect(app_config):
    """Connect the purges; called from PortalConfig.ready()."""
    from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
    from wagtail.models import Page, get_page_models
    from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

    from portal.core.models import UrlPathHistory

    page_published.connect(on_page_published, dispatch_uid="page-cache-published")
    page_unpublished.connect(on_page_changed, dispatch_uid="page-cache-unpublished")
    pre_page_move.connect(before_page_move, dispatch_uid="page-cache-pre-move")
    post_page_move.connect(after_page_move, dispatch_uid="page-cache-post-move")
    # Per model, not for every model: a post_delete receiver turns off Django's fast deletes.
    for model in {Page, *get_page_models()}:
        uid = f"page-cache-{model._meta.label_lower}"
        post_delete.connect(on_page_changed, sender=model, dispatch_uid=f"{uid}-deleted")
        pre_save.connect(before_page_saved, sender=model, dispatch_uid=f"{uid}-before")
        if model is not Page:  # every response reads the page tree
            tags.track_tables(model, page_key=model._meta.pk.column)
    _CONNECTED.add("pages")
    for model in watched_models():
        connect_model(model)
        if model._meta.label_lower in _tagged_labels():
            tags.track_tables(model, page_key=page_key_of(model))
    tags.watch_page_urls()
    post_save.connect(on_old_url_path, sender=UrlPathHistory, dispatch_uid="page-cache-old-url")
    post_migrate.connect(on_migrate, sender=app_config, dispatch_uid="page-cache-migrate")
