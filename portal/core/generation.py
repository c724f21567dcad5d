"""The page cache's generation: one random token, kept in the cache, that every cached page and
every memo value is keyed under (portal/core/cache.py explains why this is never stale).

Both the page cache and the memo read it; only the page cache sets a new one (on purge), and
a worker that saw Redis fail, once it answers again (portal/core/resilient_cache.py).
"""

import secrets

from django.conf import settings
from django.core.cache import caches

from portal.core import resilient_cache

GENERATION_KEY = "page-cache:generation"


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


# Wagtail's own entries, which its signals delete when sites or slugs change: a delete lost
# while Redis was away is made again when it is back.
WAGTAIL_KEYS = ("wagtail_site_root_paths", "wagtail_locales_display_name")


def current_generation():
    """The token every key is made under; a new one if the cache has none (empty, evicted) or
    if this worker saw the cache fail since it last read it. Raises when the cache is away."""
    cache = resilient_cache.strict(page_cache())
    token = cache.get(GENERATION_KEY)
    if resilient_cache.take_outage():
        forget_wagtail_entries(cache)
        start_new()
        token = None
    if token is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        token = cache.get(GENERATION_KEY)
    return token


def start_new():
    """A new token: everything keyed under the old one is never read again."""
    cache = resilient_cache.strict(page_cache())
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def forget_wagtail_entries(cache):
    for key in WAGTAIL_KEYS:
        cache.delete(key)
    for code, _name in settings.LANGUAGES:  # wagtail-modeltranslation's, per language
        cache.delete(f"{WAGTAIL_KEYS[0]}_{code}")
