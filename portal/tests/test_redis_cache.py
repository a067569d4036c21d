"""
The Redis cache keeps its redis-py client (portal/redis_cache.py) and still
reads and writes through it.
"""

from django.core.cache import caches

import pytest

from portal.redis_cache import KeptClientRedisCache


@pytest.fixture
def redis_cache(redis_url, settings):
    settings.CACHES = {
        **settings.CACHES,
        "redis": {
            "BACKEND": "portal.redis_cache.KeptClientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "test-redis-cache",
        },
    }
    cache = caches["redis"]
    yield cache
    cache.delete_many(["page", "other"])


def test_the_client_is_made_once_and_serves_every_call(redis_cache):
    assert isinstance(redis_cache, KeptClientRedisCache)
    client = redis_cache._cache.get_client()

    redis_cache.set("page", {"html": "<p>kept</p>"})
    redis_cache.set_many({"other": 2})

    assert redis_cache._cache.get_client(write=True) is client
    assert redis_cache.get_many(["page", "other"]) == {
        "page": {"html": "<p>kept</p>"},
        "other": 2,
    }
