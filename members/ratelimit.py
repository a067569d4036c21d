"""
A fixed-window rate limit kept in the cache, shared by the apps that
limit what members do (chat messages, community posts, comments, likes).
Each hit counts; the count starts afresh with each window.
"""

from django.core.cache import cache
from django.utils import timezone


def rate_limit_hit(*, key: str, limit: int, seconds: int) -> bool:
    """Count one more hit under `key`; True when that makes more than `limit`
    in the current window of `seconds`."""
    window = int(timezone.now().timestamp()) // seconds
    bucket = f"ratelimit:{key}:{window}"
    # Counting on is one cache call; only a window's first hit takes two.
    try:
        return cache.incr(bucket) > limit
    except ValueError:
        pass
    if cache.add(bucket, 1, timeout=seconds * 2):
        return limit < 1
    # Another hit started the window between the two calls.
    return cache.incr(bucket) > limit


def rate_parse(rate: str) -> tuple[int, int]:
    """A rate setting such as "5/600" (5 per 600 seconds) as (5, 600)."""
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds)
