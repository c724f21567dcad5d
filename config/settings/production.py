"""Production: everything secret or site-specific comes from the environment."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable to start in production.")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "https://localhost")
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(MEDIA_ROOT))  # noqa: F405
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(STATIC_ROOT))  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# E-mail (the translation jobs' notifications, password resets): SMTP, see docs/deployment.md.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"  # STARTTLS, port 587
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "false").lower() == "true"  # implicit TLS, 465
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS (port 587) or EMAIL_USE_SSL (465), not both.")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))  # a request never hangs on the server
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Uploaded images and documents in S3-compatible object storage when a bucket is named, so that
# every app server sees the same files; on this server's disk under MEDIA_ROOT otherwise.
# Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the server's role), read by boto3.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}  # noqa: F405
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None  # not AWS: MinIO, ...
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None  # a CDN for media
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "media")
    # Cached pages keep their image URLs for hours: plain URLs of a public-read bucket, not
    # signed ones that expire.
    AWS_QUERYSTRING_AUTH = os.environ.get("AWS_QUERYSTRING_AUTH", "false").lower() == "true"
    AWS_S3_FILE_OVERWRITE = False
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "public, max-age=86400"}

# A CDN in front of the site: pages it holds are purged, in every language, when they change
# (portal/core/cache.py). Off unless FRONTEND_CACHE names one.
FRONTEND_CACHE = os.environ.get("FRONTEND_CACHE", "").lower()
_purge_backends = {
    "cloudflare": lambda: {
        "BACKEND": "portal.core.cdn.CloudflareTagBackend",  # also by Cache-Tag
        "BEARER_TOKEN": os.environ["CLOUDFLARE_BEARER_TOKEN"],
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
    },
    "cloudfront": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    },
    # Varnish, nginx or any cache that takes a PURGE request.
    "http": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_LOCATION"],
    },
}
if FRONTEND_CACHE:
    if FRONTEND_CACHE not in _purge_backends:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE must be one of {', '.join(_purge_backends)}, not {FRONTEND_CACHE!r}."
        )
    try:
        WAGTAILFRONTENDCACHE = {"cdn": _purge_backends[FRONTEND_CACHE]()}
    except KeyError as missing:
        raise ImproperlyConfigured(f"FRONTEND_CACHE={FRONTEND_CACHE} needs {missing}.") from None
    _hostnames = os.environ.get("FRONTEND_CACHE_HOSTNAMES", "")
    if _hostnames:
        WAGTAILFRONTENDCACHE["cdn"]["HOSTNAMES"] = [h.strip() for h in _hostnames.split(",")]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Login throttling behind load balancers: how many append the client's address to
# X-Forwarded-For (the client is that many entries from the right; see portal/core/security.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Images kept in object storage load from the bucket's origin: the one other origin the CSP allows
# public pages (and the admin), for images only. CSP_MEDIA_ORIGINS (comma-separated) overrides.
_media_origins = [o.strip() for o in os.environ.get("CSP_MEDIA_ORIGINS", "").split(",")]
_media_origins = [o for o in _media_origins if o]
if not _media_origins and os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    _bucket = os.environ["AWS_STORAGE_BUCKET_NAME"]
    _region = os.environ.get("AWS_S3_REGION_NAME")
    if os.environ.get("AWS_S3_CUSTOM_DOMAIN"):
        _media_origins = [f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}"]
    elif os.environ.get("AWS_S3_ENDPOINT_URL"):
        _endpoint = urlsplit(os.environ["AWS_S3_ENDPOINT_URL"])
        _media_origins = [f"{_endpoint.scheme}://{_endpoint.netloc}"]
    else:
        _media_origins = [f"https://{_bucket}.s3.amazonaws.com"]
        if _region:
            _media_origins.append(f"https://{_bucket}.s3.{_region}.amazonaws.com")
for _policy in (CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_ADMIN):  # noqa: F405
    _policy["DIRECTIVES"]["img-src"] = [*_policy["DIRECTIVES"]["img-src"], *_media_origins]
