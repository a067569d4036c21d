"""
/healthz (portal/health.py): the database, the cache and the channel layer,
cheaply, without login, never cached; 503 naming what is down.
"""

from django.db import OperationalError, connection

import pytest

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: connecting is refused at once.
CLOSED_PORT_URL = "redis://127.0.0.1:1/0"


def test_healthz_reports_each_service_without_login_or_cache(
    client, django_assert_num_queries
):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "channel_layer": "ok"},
    }
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.parametrize(
    "backend",
    [
        "channels_redis.core.RedisChannelLayer",
        "channels_redis.pubsub.RedisPubSubChannelLayer",
    ],
)
def test_healthz_reaches_redis_again_and_again(client, settings, redis_url, backend):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
        }
    }
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": backend, "CONFIG": {"hosts": [redis_url]}}
    }

    # Each probe runs the layer on an event loop of its own.
    states = [client.get("/healthz").json()["status"] for _ in range(3)]

    assert states == ["ok", "ok", "ok"]


def test_probes_by_address_over_plain_http_are_answered(client, settings):
    """A load balancer asks the machine by its address, without TLS."""
    settings.ALLOWED_HOSTS = ["lectern.example.com"]
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200


def test_a_cache_that_is_down_makes_it_503(client, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_PORT_URL,
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "down",
        "checks": {"database": "ok", "cache": "down", "channel_layer": "ok"},
    }
    assert "no-store" in response["Cache-Control"]
    # Operators find why in the logs; the answer does not say.
    assert "Health check: cache is down" in caplog.text
    assert "127.0.0.1:1" not in response.content.decode()


def test_a_channel_layer_that_is_down_makes_it_503(client, settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [CLOSED_PORT_URL]},
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["channel_layer"] == "down"


def test_a_database_that_is_down_makes_it_503(client, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "down",
        "cache": "ok",
        "channel_layer": "ok",
    }


def test_healthz_only_answers_get_and_head(client):
    assert client.head("/healthz").status_code == 200

    response = client.post("/healthz")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
