"""Gunicorn in production: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Every value can be changed from the environment (docs/deployment.md lists them). Sync workers:
each request holds one process, pages come from the page cache in well under a millisecond and
take tens of milliseconds to render when they do not, so a few processes per core serve a lot.
"""

import multiprocessing
import os


def env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# Where to listen. Behind a load balancer, on all interfaces of the app server.
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{env_int('PORT', 8000)}")

# WEB_CONCURRENCY is the usual name for it; two workers per core and one more by default.
workers = env_int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
threads = env_int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# Load Django once in the master, then fork: less memory, faster restarts; an import error stops
# the deploy instead of every worker failing one by one.
preload_app = True

# A request still running after `timeout` seconds kills its worker; on a restart, workers get
# `graceful_timeout` seconds to finish what they are doing. keepalive outlasts a load balancer's
# reuse of idle connections (with gthread workers; sync workers close each connection).
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = env_int("GUNICORN_KEEPALIVE", 75)

# Replace each worker after about this many requests (jitter: not all at once), so a slow leak
# never grows for long.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# The heartbeat file on a RAM disk: a busy disk cannot make the master think a worker hangs.
ram_disk = "/dev/shm"  # noqa: S108 (gunicorn's own advice; only the heartbeat file goes there)
worker_tmp_dir = ram_disk if os.path.isdir(ram_disk) else None

# Trust X-Forwarded-* from the load balancer only (a comma-separated list of its addresses).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs on standard output and error, for the service manager or container to collect. Each
# access line ends with the response time in milliseconds and the page cache's hit or miss.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms cache=%({x-cache}o)s'
)

# No control socket in the home directory of the service user.
control_socket_disable = True


def post_fork(server, worker):
    """Connections opened in the master while loading the app are not shared with a worker."""
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    caches.close_all()
