"""Production serving comes from the environment: gunicorn's settings, the shared cache, object
storage for media and a CDN to purge, and `check --deploy` still passes with all of them set."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.system, pytest.mark.once]

ROOT = Path(__file__).resolve().parents[2]
SECRET = "a-long-random-production-secret-0123456789-abcdefghijklmnop"
EVERYTHING = {
    "REDIS_URL": "redis://cache.internal:6379/0",
    "AWS_STORAGE_BUCKET_NAME": "portal-media",
    "AWS_S3_ENDPOINT_URL": "https://objects.example.org",
    "AWS_S3_CUSTOM_DOMAIN": "media.example.org",
    "FRONTEND_CACHE": "cloudflare",
    "CLOUDFLARE_BEARER_TOKEN": "token",
    "CLOUDFLARE_ZONE_ID": "zone",
    "CDN_MAX_AGE": "300",
}
SHOW_SETTINGS = """
import json, sys, django
django.setup()
from django.conf import settings
from django.core.management import call_command
if "--deploy" in sys.argv:
    call_command("check", deploy=True, fail_level="WARNING")
from django.core.files.storage import default_storage
print(json.dumps({
    "storage": settings.STORAGES["default"]["BACKEND"],
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "media_url": default_storage.url("original_images/map.png"),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cdn": getattr(settings, "WAGTAILFRONTENDCACHE", None),
    "cdn_max_age": settings.CDN_MAX_AGE,
    "middleware": settings.MIDDLEWARE,
}))
"""


def production(*args, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in EVERYTHING and not k.startswith("AWS_")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="portal.example.org",
        **env,
    )
    result = subprocess.run(
        args, check=False, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_gunicorn_reads_its_settings_from_the_environment():
    output = production(
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "config/gunicorn.conf.py",
        "--print-config",
        "config.wsgi",
        WEB_CONCURRENCY="3",
        PORT="8111",
    )
    lines = (line.partition("=") for line in output.splitlines())
    config = {name.strip(): value.strip() for name, _sep, value in lines}
    assert config["workers"] == "3"
    assert config["bind"] == "['0.0.0.0:8111']"
    assert config["preload_app"] == "True"
    assert config["timeout"] == "30"
    assert int(config["max_requests"]) > 0 and int(config["max_requests_jitter"]) > 0
    assert "%(M)sms" in config["access_log_format"]  # the response time
    assert "%({x-cache}o)s" in config["access_log_format"]  # the page cache's hit or miss


def settings_of(*args, **env):
    output = production(sys.executable, "-c", SHOW_SETTINGS, *args, **env)
    return output, json.loads(output.splitlines()[-1])


def test_without_services_media_and_cache_stay_on_the_server():
    _output, plain = settings_of()
    assert plain["storage"] == "django.core.files.storage.FileSystemStorage"
    assert plain["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert plain["cache"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert plain["cdn"] is None
    assert plain["cdn_max_age"] == 0
    assert "portal.core.cache.PageCacheMiddleware" in plain["middleware"]


def test_redis_object_storage_and_cdn_from_the_environment_pass_check_deploy():
    output, full = settings_of("--deploy", **EVERYTHING)
    assert "System check identified no issues" in output
    assert full["storage"] == "storages.backends.s3.S3Storage"
    assert full["media_url"] == "https://media.example.org/media/original_images/map.png"
    assert full["cache"] == "portal.core.resilient_cache.ResilientRedisCache"
    assert full["cdn"]["cdn"]["BACKEND"].endswith("CloudflareTagBackend")
    assert full["cdn"]["cdn"]["ZONEID"] == "zone"
    assert full["cdn_max_age"] == 300
