"""The Redis cache with Redis away, in process (portal/core/resilient_cache.py): a Redis URL whose
socket does not exist refuses every connection at once, as a stopped server does. Under gunicorn
with a real redis-server: tests/portal/test_redis_outage.py."""

import logging

import pytest
from django.core.cache import caches

from portal.core import generation, resilient_cache
from portal.core.cache import purge

DEAD = {
    "default": {
        "BACKEND": "portal.core.resilient_cache.ResilientRedisCache",
        "LOCATION": "unix:///nonexistent/portal-test-redis.sock",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def dead_redis(settings):
    resilient_cache.reset()
    settings.CACHES = DEAD
    yield caches["default"]
    resilient_cache.reset()


def test_reads_miss_and_writes_do_nothing(dead_redis):
    assert dead_redis.get("k", "default") == "default"
    assert dead_redis.get_many(["a", "b"]) == {}
    assert dead_redis.add("k", 1) is False
    assert dead_redis.set("k", 1) is None
    assert dead_redis.set_many({"a": 1}) == ["a"]
    assert dead_redis.delete("k") is False
    assert dead_redis.has_key("k") is False
    assert dead_redis.get_or_set("k", 7) == 7
    with pytest.raises(ValueError, match="not found"):
        dead_redis.incr("k")


def test_the_generation_says_the_cache_is_away(dead_redis):
    with pytest.raises(resilient_cache.CacheUnavailable):
        generation.current_generation()
    with pytest.raises(resilient_cache.CacheUnavailable):
        generation.start_new()


def test_one_warning_a_minute_however_many_faults(dead_redis, caplog, monkeypatch):
    monkeypatch.setattr(resilient_cache, "retry_seconds", lambda: 0)  # ask Redis every time
    with caplog.at_level(logging.WARNING, logger="portal.core.resilient_cache"):
        for _ in range(20):
            dead_redis.get("k")
            purge()  # an editor's publish: not an error for the editor, nor a second warning
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "Cache (Redis) unavailable" in caplog.records[0].getMessage()


def test_after_a_fault_redis_is_left_alone_for_a_while(dead_redis, monkeypatch):
    dead_redis.get("k")
    assert not resilient_cache.available()
    calls = []
    monkeypatch.setattr(
        "django.core.cache.backends.redis.RedisCache.get", lambda *a, **k: calls.append(a)
    )
    assert dead_redis.get("k", "miss") == "miss"
    assert calls == []  # the breaker is open: no connection attempted
    monkeypatch.setattr(resilient_cache._health, "retry_at", 0.0)  # the interval has passed
    dead_redis.get("k")
    assert len(calls) == 1


def test_an_outage_is_reported_once_to_whoever_renews_the_generation(dead_redis):
    assert resilient_cache.take_outage() is False
    dead_redis.get("k")
    assert resilient_cache.take_outage() is True
    assert resilient_cache.take_outage() is False


@pytest.mark.django_db
def test_public_pages_are_served_while_redis_is_away(dead_redis, client, settings, portal):
    settings.PAGE_CACHE_ENABLED = True
    for url in ["/en/", "/api/v1/offices/", "/robots.txt"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Cache"] == "miss"
