"""The Redis cache, made so that Redis going away cannot take the site down.

Everything that uses the default cache goes through `ResilientRedisCache` (settings.CACHES with
REDIS_URL): the page cache, its generation and the memo (portal/core/cache.py, generation.py,
memo.py), Wagtail's own look-ups (the site root paths, the locales' names, image renditions) and
the admin's redirect imports. Sessions and login throttling do not use the cache: both keep their
data in the database (django-axes' database handler), so a Redis outage leaves them as they are.

When Redis does not answer, an operation fails fast (the settings' socket timeouts), and:
- a read is a miss and a write does nothing, so every page is rendered afresh from the database;
- the worker stops asking Redis for CACHE_RETRY_SECONDS (a circuit breaker), so that a Redis host
  that does not answer costs one timeout per worker per interval, not one per cache operation;
- a warning is logged, at most once every WARNING_INTERVAL seconds per worker.
The first operation after the interval tries Redis again: the site recovers by itself.

Whoever needs to know that the cache is away rather than empty (the generation: a missing token
is replaced by a new one) uses `strict(cache)`, whose operations raise `CacheUnavailable`.

Nothing stale once Redis is back: while it was away, a purge (a new generation) or a delete of
Wagtail's own entries may have been lost, and if Redis kept its data (persistence, or a network
cut rather than a restart) the old generation would come back with the pages cached before the
change. So a worker that saw Redis fail starts a new generation the first time it reads the
generation again (`take_outage()`, portal/core/generation.py), and forgets Wagtail's site root
paths, before it serves anything from the cache. A worker that was idle for the whole outage saw
no fault: when Redis restarted, its connection's next (re)connect finds a new run_id and counts
as an outage seen (`_RunIds`). A network cut without a restart, with a purge lost meanwhile by
a process that has since exited (a cron job's `publish_scheduled`), is not detected: the
entries expire after PAGE_CACHE_TIMEOUT.
"""

import logging
import re
import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from redis import ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What Redis being away looks like (BusyLoadingError, Redis reading its data after a restart,
# is a ConnectionError too).
FAULTS = (RedisConnectionError, RedisTimeoutError, OSError)
WARNING_INTERVAL = 60  # seconds


class CacheUnavailable(Exception):  # noqa: N818 (a state, as Django's ImproperlyConfigured)
    """The cache could not be reached (or is not asked, for CACHE_RETRY_SECONDS after a fault)."""


class _Health:
    """This worker's view of Redis: when to ask again, when it last warned, whether it saw an
    outage that the generation has not yet been renewed after."""

    def __init__(self):
        self.lock = threading.Lock()
        self.retry_at = 0.0
        self.warned_at = None
        self.outage = False


_health = _Health()


def retry_seconds():
    return getattr(settings, "CACHE_RETRY_SECONDS", 5)


def available():
    """False while the breaker is open: Redis failed less than CACHE_RETRY_SECONDS ago."""
    return time.monotonic() >= _health.retry_at


def fault(exc):
    """Redis failed: stop asking it for a while, remember the outage, warn (once a minute)."""
    now = time.monotonic()
    with _health.lock:
        _health.retry_at = now + retry_seconds()
        _health.outage = True
        warn = _health.warned_at is None or now - _health.warned_at >= WARNING_INTERVAL
        if warn:
            _health.warned_at = now
    if warn:
        logger.warning(
            "Cache (Redis) unavailable, pages are served uncached until it is back "
            "(next warning in %s s at the earliest): %s",
            WARNING_INTERVAL,
            exc,
        )


def is_fault(exc):
    return isinstance(exc, (CacheUnavailable, *FAULTS))


def take_outage():
    """True once after this worker saw Redis fail (and Redis has answered since)."""
    with _health.lock:
        seen, _health.outage = _health.outage, False
    return seen


def reset():
    """Forget every fault seen (for tests)."""
    with _health.lock:
        _health.retry_at, _health.warned_at, _health.outage = 0.0, None, False
    with _run_ids.lock:
        _run_ids.seen.clear()


def _guarded(operation, fallback):
    if not available():
        return fallback
    try:
        return operation()
    except FAULTS as exc:
        fault(exc)
        return fallback


class _RunIds:
    """The run_id of each Redis server this worker has connected to. redis-py reconnects after
    a restart without an error the worker could see (it retries the command), so a worker idle
    for a whole outage would read the generation Redis saved before it stopped. A new run_id on
    a connection means the server restarted: counted as an outage seen, so the generation is
    renewed before anything is served from the cache."""

    def __init__(self):
        self.lock = threading.Lock()
        self.seen = {}

    def connected(self, connection):
        connection.send_command("INFO", "server")
        info = connection.read_response()
        match = RUN_ID.search(info if isinstance(info, bytes) else str(info).encode())
        if match is None:
            return
        server = tuple(connection.repr_pieces())
        with self.lock:
            before, self.seen[server] = self.seen.get(server), match.group(1)
        if before is not None and before != match.group(1):
            with _health.lock:
                _health.outage = True


RUN_ID = re.compile(rb"run_id:([0-9a-f]+)")
_run_ids = _RunIds()


class WatchedPool(ConnectionPool):
    """Redis-py's pool, each connection telling `_run_ids` when it (re)connects."""

    def make_connection(self):
        connection = super().make_connection()
        connection.register_connect_callback(_run_ids.connected)
        return connection


class ResilientRedisCache(RedisCache):
    """Django's Redis cache where Redis being away is a miss, never an error."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._options = {"pool_class": WatchedPool, **self._options}

    def get(self, key, default=None, version=None):
        return _guarded(
            lambda: super(ResilientRedisCache, self).get(key, default, version), default
        )

    def get_many(self, keys, version=None):
        return _guarded(lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return _guarded(lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def add(self, *args, **kwargs):
        return _guarded(lambda: super(ResilientRedisCache, self).add(*args, **kwargs), False)

    def set(self, *args, **kwargs):
        return _guarded(lambda: super(ResilientRedisCache, self).set(*args, **kwargs), None)

    def set_many(self, data, *args, **kwargs):
        return _guarded(
            lambda: super(ResilientRedisCache, self).set_many(data, *args, **kwargs), list(data)
        )

    def touch(self, *args, **kwargs):
        return _guarded(lambda: super(ResilientRedisCache, self).touch(*args, **kwargs), False)

    def delete(self, *args, **kwargs):
        return _guarded(lambda: super(ResilientRedisCache, self).delete(*args, **kwargs), False)

    def delete_many(self, *args, **kwargs):
        return _guarded(lambda: super(ResilientRedisCache, self).delete_many(*args, **kwargs), None)

    def clear(self):
        return _guarded(lambda: super(ResilientRedisCache, self).clear(), False)

    def incr(self, key, delta=1, version=None):
        result = _guarded(lambda: super(ResilientRedisCache, self).incr(key, delta, version), None)
        if result is None:  # what a missing key gives: callers of incr() handle it
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")
        return result


class _Strict:
    """The same cache, raising CacheUnavailable where the resilient one would degrade."""

    def __init__(self, cache):
        self.cache = cache

    def _call(self, name, *args, **kwargs):
        if not available():
            raise CacheUnavailable("the cache failed less than CACHE_RETRY_SECONDS ago")
        try:
            return getattr(RedisCache, name)(self.cache, *args, **kwargs)
        except FAULTS as exc:
            fault(exc)
            raise CacheUnavailable(str(exc)) from exc

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)


def strict(cache):
    """`cache`, with operations that raise when it is unavailable instead of degrading (any
    other backend is returned as it is: its faults raise anyway)."""
    return _Strict(cache) if isinstance(cache, ResilientRedisCache) else cache
