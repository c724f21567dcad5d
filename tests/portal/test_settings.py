"""Production settings come from the environment and refuse to start without a secret key."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.system, pytest.mark.once]

ROOT = Path(__file__).resolve().parents[2]


def run_check(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *(args or ["check", "--deploy", "--fail-level", "WARNING"])],
        check=False,
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check()
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_reads_its_settings_from_the_environment():
    result = run_check(**PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "portal.example.org",
}


def test_production_security_settings():
    """What check --deploy does not look at: the headers, the CSP and the login throttling."""
    names = [
        "SECURE_HSTS_SECONDS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
        "X_FRAME_OPTIONS",
        "CONTENT_SECURITY_POLICY",
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_TIME",
        "AXES_LOCKOUT_PARAMETERS",
        "WAGTAIL_GRAVATAR_PROVIDER_URL",
        "MIDDLEWARE",
    ]
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, default=str))"
    )
    result = run_check("shell", "-c", script, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert values["X_FRAME_OPTIONS"] == "DENY"
    directives = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert values["AXES_FAILURE_LIMIT"] == 5
    assert values["AXES_COOLOFF_TIME"] == "0:15:00"
    assert values["AXES_LOCKOUT_PARAMETERS"] == [["username", "ip_address"]]
    assert values["WAGTAIL_GRAVATAR_PROVIDER_URL"] is None
    assert values["MIDDLEWARE"][-1] == "axes.middleware.AxesMiddleware"
    assert "portal.core.security.ContentSecurityPolicyMiddleware" in values["MIDDLEWARE"]


def test_login_throttling_reads_its_limits_from_the_environment():
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds())"
    )
    result = run_check(
        "shell", "-c", script, LOGIN_FAILURE_LIMIT="3", LOGIN_COOLOFF_MINUTES="60", **PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "3 3600.0"


def test_smtp_reads_its_settings_from_the_environment():
    """The job notifications go out through the SMTP server the environment names (deployment.md,
    "E-mail (SMTP)"); without it, the defaults of a local relay, and a timeout either way."""
    names = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"]
    names += ["EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_TIMEOUT", "DEFAULT_FROM_EMAIL"]
    names += ["SERVER_EMAIL"]
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    smtp = {
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": "587",
        "EMAIL_HOST_USER": "portal",
        "EMAIL_HOST_PASSWORD": "mail-secret",
        "EMAIL_USE_TLS": "true",
        "DEFAULT_FROM_EMAIL": "Portal <portal@example.org>",
    }
    result = run_check("shell", "-c", script, **smtp, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "portal",
        "EMAIL_HOST_PASSWORD": "mail-secret",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 10,
        "DEFAULT_FROM_EMAIL": "Portal <portal@example.org>",
        "SERVER_EMAIL": "Portal <portal@example.org>",
    }
    defaults = json.loads(
        run_check("shell", "-c", script, **PRODUCTION_ENV).stdout.strip().splitlines()[-1]
    )
    assert (defaults["EMAIL_HOST"], defaults["EMAIL_PORT"], defaults["EMAIL_USE_TLS"]) == (
        "localhost",
        25,
        False,
    )
    both = run_check("check", EMAIL_USE_TLS="true", EMAIL_USE_SSL="true", **PRODUCTION_ENV)
    assert both.returncode != 0
    assert "Set EMAIL_USE_TLS (port 587) or EMAIL_USE_SSL (465), not both." in both.stderr
