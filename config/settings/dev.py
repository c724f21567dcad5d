"""Local development: throwaway secret, debug on."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret-3c1f0a"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Template edits show at once: the page cache is off unless PAGE_CACHE=true.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE", "false").lower() == "true"
