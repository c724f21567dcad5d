"""The environment of the portal as production runs it (config.settings.production), on scratch
directories: for the system tests (tests/support/scratch_site.py, test_gunicorn_demo.py,
test_backup.py) and the load tests (bench/run.py, bench/soak.py), which import it from here.

Kept in tests/support rather than bench/ or scripts/: the tests must not depend on the
benchmarks, scripts/ holds what operators run, and bench/ already borrows the tests' scratch
site helpers (bench/soak.py drives the admin with tests/support/scratch_site.py's Browser).
"""

import os
import secrets
from pathlib import Path


def production_env(tmp, database_url=None, **overrides):
    """os.environ with the production settings: a fresh secret key, loopback hosts, plain HTTP
    (no load balancer in front), static files, media, the file cache and gunicorn's control
    socket (under ~/.gunicorn) in `tmp`; DATABASE_URL when given (else the one inherited, as
    under scripts/with-postgres.sh). The tests' Redis (REDIS_URL, make test's PostgreSQL pass)
    is not this site's: left out. `overrides` are added last (PAGE_CACHE="false", ...)."""
    tmp = Path(tmp)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "CACHE_DIR": str(tmp / "cache"),
        "LOG_LEVEL": "WARNING",
        "HOME": str(tmp),
    }
    env.pop("REDIS_URL", None)
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    env.update(overrides)
    return env
