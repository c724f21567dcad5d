"""Tests: fast hashing, in-memory media and static storage, no debug."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-9b7e2d"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files through the finders: no collectstatic needed to run the tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The configured cache: Redis when REDIS_URL is set (make test's PostgreSQL pass), else memory.
# The page cache is off: tests/portal/test_page_cache.py turns it on, other tests render afresh.
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_ENABLED = False
# Demand counts stay in memory unless a test flushes them (tests/portal/test_translation_demand.py):
# a flush at the end of some other test's request would add a query to its count.
TRANSLATION_DEMAND_FLUSH_SECONDS = 10**9
# ...nor at exit, when the test database is gone (the tests flush by hand).
TRANSLATION_DEMAND_FLUSH_AT_EXIT = False
