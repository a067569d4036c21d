"""
/healthz: whether this process reaches the database, the cache and the
channel layer, for a load balancer's or an orchestrator's probe.

A middleware at the top of the stack answers it, before the host check and
the HTTPS redirect (probes come by the machine's address, over plain HTTP),
before sessions and before any page cache: it is cheap, needs no login and is
never cached. Each check costs a round trip or two; what failed is logged,
and the answer names only which service is down.
"""

import asyncio
import logging
import secrets
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

PATH = "/healthz"
# A service that takes longer than this to answer counts as down.
CHANNEL_LAYER_TIMEOUT = 2

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    key, token = "healthz", secrets.token_hex(8)
    cache.set(key, token, timeout=10)
    if cache.get(key) != token:
        raise RuntimeError("The cache did not keep what it was given.")


async def _ping_channel_layer() -> None:
    # A group with no members: the Redis pub/sub layer publishes to no
    # subscriber, which proves the connection without leaving anything behind.
    async with asyncio.timeout(CHANNEL_LAYER_TIMEOUT):
        await get_channel_layer().group_send("healthz", {"type": "healthz"})


def check_channel_layer() -> None:
    async_to_sync(_ping_channel_layer)()


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "channel_layer": check_channel_layer,
}


def health() -> dict[str, str]:
    """Each service's state: "ok" or "down"."""
    states = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Health check: %s is down", name)
            states[name] = "down"
        else:
            states[name] = "ok"
    return states


class HealthCheckMiddleware:
    """Answers GET and HEAD /healthz with each service's state; 503 if one is down."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
        else:
            checks = health()
            healthy = all(state == "ok" for state in checks.values())
            response = JsonResponse(
                {"status": "ok" if healthy else "down", "checks": checks},
                status=200 if healthy else 503,
            )
        add_never_cache_headers(response)
        return response
