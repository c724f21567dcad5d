"""The page cache's generation: one random token, kept in the cache, that every cached page and
every memo value is keyed under (portal/core/cache.py explains why this is never stale).

Both the page cache and the memo read it; only the page cache sets a new one (on purge).
"""

import secrets

from django.conf import settings
from django.core.cache import caches

GENERATION_KEY = "page-cache:generation"


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def current_generation():
    """The token every key is made under; a new one if the cache has none (empty, evicted)."""
    cache = page_cache()
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        token = cache.get(GENERATION_KEY)
    return token


def start_new():
    """A new token: everything keyed under the old one is never read again."""
    page_cache().set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
