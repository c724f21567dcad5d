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
DATA_KEY = "page-cache:data"


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


# Wagtail's own entries, which its signals delete when sites or slugs change: a delete lost
# while Redis was away is made again when it is back.
WAGTAIL_KEYS = ("wagtail_site_root_paths", "wagtail_locales_display_name")


def current_generation():
    """The token every page cache key is made under: replaced by a purge of everything. A new
    one if the cache has none (empty, evicted) or if this worker saw the cache fail since it last
    read it. Raises when the cache is away."""
    return current_tokens()[0]


def current_data():
    """The token the memo keeps its values under: replaced by every change, targeted or not."""
    return current_tokens()[1]


def current_tokens():
    """(generation, data token), read together."""
    cache = resilient_cache.strict(page_cache())
    tokens = cache.get_many([GENERATION_KEY, DATA_KEY])
    if resilient_cache.take_outage():
        forget_wagtail_entries(cache)
        start_new()
        tokens = {}
    if len(tokens) < 2:
        for key in (GENERATION_KEY, DATA_KEY):
            cache.add(key, secrets.token_hex(8), timeout=None)
        tokens = cache.get_many([GENERATION_KEY, DATA_KEY])
    return tokens.get(GENERATION_KEY), tokens.get(DATA_KEY)


def start_new():
    """A new generation: everything keyed under the old one is never read again."""
    cache = resilient_cache.strict(page_cache())
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    new_data()


def new_data():
    """A new data token: the memo builds its values again (a targeted purge, or any purge)."""
    cache = resilient_cache.strict(page_cache())
    cache.set(DATA_KEY, secrets.token_hex(8), timeout=None)


def forget_wagtail_entries(cache):
    for key in WAGTAIL_KEYS:
        cache.delete(key)
    for code, _name in settings.LANGUAGES:  # wagtail-modeltranslation's, per language
        cache.delete(f"{WAGTAIL_KEYS[0]}_{code}")
