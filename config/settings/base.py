"""Settings shared by every environment. dev, test and production build on these."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    # wagtail-modeltranslation must come first: it patches Wagtail's admin and commands.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "portal",
    "compact",
    "offices",
    "django_countries",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",  # login throttling: see AXES_* below
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # First, so that static files and cached pages carry X-Frame-Options too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session, CSRF and message middleware: it sees the cookies they set.
    "portal.core.cache.PageCacheMiddleware",
    # Inside the page cache: a cached page keeps the policy whose nonce its HTML carries.
    "portal.core.security.ContentSecurityPolicyMiddleware",
    # Inside the page cache (cached pages are served without the database), outside the rest:
    # a database fault is a 503; each request that may write is one transaction
    # (portal/core/faults.py).
    "portal.core.faults.DatabaseFaultMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The Site and its home page from the memo of what every page shows (portal/core/memo.py).
    "portal.core.memo.SiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",  # CSP_NONCE for inline <script> and <style>
            ],
            # The portal's tag libraries compose several apps: they live in the site layer
            # (docs/architecture.md), not in an app's templatetags package.
            "libraries": {
                "portal_tags": "portal.site.templatetags.portal_tags",
                "seo_tags": "portal.site.templatetags.seo_tags",
                "visuals": "portal.site.templatetags.visuals",
            },
        },
    },
]

# SQLite by default; DATABASE_URL (for example postgres://user:pass@host:5432/portal) overrides.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
# A database that does not answer fails the request in seconds (a 503, portal/core/faults.py),
# not at gunicorn's timeout. CONN_HEALTH_CHECKS: a connection left dead by a restart is replaced
# at once. jit=off: PostgreSQL compiles a query whose estimated cost is high (a listing's
# subqueries at scale) to machine code, 20 ms to save about nothing on queries of 10-30 ms.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")))
    # Not random_page_cost=1.1 or max_parallel_workers_per_gather=0: tried for issue 16 (an
    # objective's country actions 15 ms -> 2 ms at scale), but a test's freshly written, not yet
    # analysed tables then got a plan that ran for more than 20 minutes (tests/portal/
    # test_scale_data.py on PostgreSQL).
    _options.setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages. English is the source language; every public URL carries its language prefix.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("nb", _("Norwegian Bokmål")),
    ("nl", _("Dutch")),
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# Where visitors write about accessibility barriers and translations (the footer's two pages).
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "portal@example.org")

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# Where a field has no text in the active language, show English (visibly marked as such).
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en",)}
WAGTAILMODELTRANSLATION_LOCALE_PICKER = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Wagtail's page editor posts one field per language per block: lift Django's 1,000 cap.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Migration portal"
# An approval publishes what the task let its approver approve (portal/core/workflows.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "portal.core.workflows.publish_approved"
WAGTAIL_I18N_ENABLED = False  # languages are columns (modeltranslation), not page copies
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
# Wagtail's database backend, also keeping each page's text per language (portal/core/search_text).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.core.search_backend"}}
# Uploads: every image and document form checks its file in portal/core/uploads.py (size, markup,
# format, pixels from the header, a complete file). No SVG, HTML or script, as image or document.
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.core.uploads.PortalImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.core.uploads.PortalDocumentForm"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # all frames together; a 40 MP photo decodes in 120 MB
# Documents always go through Wagtail's view (also with S3): it checks private collections and
# sends nosniff, a CSP of default-src 'none', and "attachment" for all but PDF.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
# Uploaded files over 2.5 MB are written to a temporary file, not held in memory; no file is kept
# past the largest upload allowed (portal.core.uploads.UploadSizeCapHandler). Form fields other than
# files: up to 5 MB (a long page in seven languages).
FILE_UPLOAD_HANDLERS = [
    "portal.core.uploads.UploadSizeCapHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no editor e-mail hashes sent to a third party
WAGTAILEMBEDS_FINDERS = []  # no oEmbed calls out of the site
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the dashboard would ask releases.wagtail.org from the browser

SESSION_COOKIE_HTTPONLY = True

# Security headers on every response (SecurityMiddleware and XFrameOptionsMiddleware come first;
# HSTS is turned on in production.py). No page may be framed: Wagtail's preview, the one
# same-origin frame, sets SAMEORIGIN on its own response (and portal/core/security.py lets it
# be framed).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy (django-csp 4; portal/core/security.py picks the policy by path).
# Public pages: everything from this site, inline <script> and <style> only with the response's
# nonce ({{ CSP_NONCE }}), no inline style attributes, no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin (/admin/) writes inline <script> elements (inline panels, date pickers, the
# page editor) and style attributes, shows uploads as blob: images before they are sent, and its
# CSS has a data: image: it gets 'unsafe-inline' for scripts and styles, data: and blob: images,
# and may frame itself (the preview panel). No 'unsafe-eval', no other origin.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
    }
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from
# one address, that pair is refused for the cool-off, whether the account exists or not, with the
# same page (portal/core/security.py). A success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the pause ends as the message says
AXES_LOCKOUT_CALLABLE = "portal.core.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "portal.core.security.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # keep failed attempts only, not every editor's logins
# Load balancers in front whose X-Forwarded-For is trusted (0: the client is REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Caches. REDIS_URL (redis://host:6379/0, unix:///path/redis.sock) for several app servers; else
# files under CACHE_DIR, which the gunicorn workers of one machine share (a per-process LocMem
# cache would not share the page cache's generation: a publish in one worker would leave the
# others serving stale pages). See portal/core/cache.py and docs/deployment.md.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis away is a miss, never an error: pages are served uncached, not late, and
            # the site recovers by itself (portal/core/resilient_cache.py).
            "BACKEND": "portal.core.resilient_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "20000"))},
        }
    }

# After Redis fails, each worker asks it again after this many seconds.
CACHE_RETRY_SECONDS = float(os.environ.get("CACHE_RETRY_SECONDS", "5"))

# Full-page cache for anonymous visitors (portal/core/cache.py), emptied on every publish.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE", "true").lower() == "true"
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "86400"))  # an upper bound only
PAGE_CACHE_RELEASE = os.environ.get("RELEASE", "")  # e.g. the git commit: versions never mix
CDN_MAX_AGE = int(os.environ.get("CDN_MAX_AGE", "0"))  # s-maxage for a CDN; 0: no header

# What visitors miss (portal/localization/demand.py): pages served in a fallback language or with
# an outdated translation, counted per page, language and day in each worker's memory and written
# every TRANSLATION_DEMAND_FLUSH_SECONDS in one statement. No personal data is kept.
TRANSLATION_DEMAND_COUNTING = os.environ.get("TRANSLATION_DEMAND_COUNTING", "true") == "true"
TRANSLATION_DEMAND_FLUSH_SECONDS = int(os.environ.get("TRANSLATION_DEMAND_FLUSH_SECONDS", "5"))

# Translation memory (portal/localization/memory.py): the lowest score, in per cent, of a fuzzy
# match offered to a translator.
TRANSLATION_MEMORY_FUZZY_THRESHOLD = int(os.environ.get("TRANSLATION_MEMORY_FUZZY_THRESHOLD", "75"))
