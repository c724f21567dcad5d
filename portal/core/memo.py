"""What every public page shows, built once per worker and reused until something changes: the
site and its home page, the main menu, the 23 objectives with their pages.

Each of them costs a query and model objects of every column in seven languages, and every
public page needs all of them.

When a value is stale: it is kept under the page cache's generation (portal/core/
generation.py), which every committed change that a public page may show replaces. A request reads
the generation before it builds anything, so a value built from data older than a commit is kept
under a generation that commit replaced, and no request reads it again: the page cache's argument. A
worker also forgets everything the moment it records a change itself, before the commit, so
that a request (or a test, whose transactions never commit) sees its own changes at once.

The values are shared between requests: model objects in them are read, never changed. If the
cache cannot be read, nothing is kept and every request builds its own.
"""

import threading

from django.utils import translation

from portal.core import generation as generations
from portal.core import tags

_memo = threading.local()

GENERATION_ATTR = "_portal_generation"
MISSING = object()


def request_generation(request):
    """The generation this request builds under, read once (the page cache middleware reads it
    first when the page cache is on). None without a request or when the cache is down."""
    if request is None:
        return None
    generation = getattr(request, GENERATION_ATTR, MISSING)
    if generation is MISSING:
        try:
            generation = generations.current_data()
        except Exception:
            generation = None  # the page cache logs the fault; build without the memo
        setattr(request, GENERATION_ATTR, generation)
    return generation


def remember(request, name, build, per_language=True):
    """`build()`, or the value it gave for this `name` (and language and host) under the
    request's generation."""
    generation = request_generation(request)
    if generation is None:
        return build()
    if getattr(_memo, "generation", None) != generation:
        _memo.generation, _memo.values = generation, {}
    key = (name, request._get_raw_host(), translation.get_language() if per_language else None)
    kept = _memo.values.get(key, MISSING)
    if kept is MISSING:
        # What the value shows, for the page cache's tags (portal/core/tags.py): a response that
        # reuses it is tagged as if it had read it (it shows the same pages and records).
        with tags.collecting_part() as shown:
            value = build()
        kept = _memo.values[key] = (value, shown)
    tags.add(kept[1])
    return kept[0]


def forget():
    """Drop everything this worker (thread) kept: called when it records a change."""
    _memo.generation, _memo.values = None, {}


def find_site(request):
    """The request's Site with its home page (the specific page), kept between requests, and
    given to Wagtail as its own look-up (`request._wagtail_site`)."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site

    def build():
        from wagtail.models import Site

        site = Site._find_for_request(request)
        if site is not None and site.root_page_id:
            site.root_page = site.root_page.specific
        return site

    # The host's Site: the host and port are in the key.
    request._wagtail_site = remember(
        request, ("site", request.get_port()), build, per_language=False
    )
    return request._wagtail_site


class SiteMiddleware:
    """Finds the Site of public requests from the memo, before Wagtail looks it up itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(("/admin/", "/django-admin/")):
            try:
                find_site(request)
            except Exception as exc:
                from portal.core.faults import is_database_fault

                if not is_database_fault(exc):
                    raise
                # The view meets the fault again, where it becomes the 503 (portal/core/faults.py).
        return self.get_response(request)
