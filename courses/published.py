"""
The generation of published content, and what each process keeps of it.

Every change that public pages show (a page published, unpublished, moved
or deleted; a setting, site, subject, image or view restriction saved: see
portal/page_cache/signals.py) starts a new generation in the shared cache
(Redis in production). Two things are kept for the current generation only:
the page cache's pages (portal/page_cache/), and, in each process's memory,
what every visitor's request would otherwise read again from the database
although it is the same for all of them: the routes to pages, a course's
outline, the header's and footer's links (`published_memo`).

A request reads the generation once, when it first needs it; outside a
request (a task, a shell) every call reads it. An entry is kept at most
PAGE_CACHE_SECONDS, which also bounds how stale a process can be when the
cache is not shared (no Redis: each process has its own generation, which a
change made by another process does not reach); 0 keeps nothing.
"""

import pickle
import threading
import time
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.http import HttpRequest

from wagtail.models import Site

GENERATION_KEY = "page-cache:generation"
# Entries a process keeps at most (routes and outlines of the pages visited
# since the last change); past it, new ones are computed and not kept.
MEMO_ENTRIES = 10_000

T = TypeVar("T")

_request = threading.local()


def published_generation() -> str:
    """The current generation: read once a request (and remembered for it)."""
    generation = getattr(_request, "generation", None)
    if generation is None:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            # Never set, or evicted: start one (the first process to add wins).
            cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
            generation = cache.get(GENERATION_KEY)
        remember_generation(generation)
    return generation


def remember_generation(generation: str) -> None:
    """Use `generation` for the rest of this request (read with other keys)."""
    if getattr(_request, "active", False):
        _request.generation = generation


def invalidate_published(**kwargs) -> None:
    """Start a new generation: every kept page and entry is stale (a receiver too)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def _request_started(**kwargs) -> None:
    _request.active = True
    _request.generation = None


def _request_finished(**kwargs) -> None:
    _request.active = False
    _request.generation = None


# Connected on import (CoursesConfig.ready).
request_started.connect(_request_started, dispatch_uid="published-generation-start")
request_finished.connect(_request_finished, dispatch_uid="published-generation-end")


class _Memo:
    """The entries of one generation, with when each was kept."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation: str | None = None
        self.entries: dict[tuple, tuple[float, object]] = {}

    def get(self, generation: str, keys: list[tuple]) -> dict[tuple, object]:
        """Those of `keys` kept for `generation`, and fresh."""
        now = time.monotonic()
        with self.lock:
            if self.generation != generation:
                self.generation = generation
                self.entries = {}
            found = {key: self.entries.get(key) for key in keys}
        return {
            key: entry[1]
            for key, entry in found.items()
            if entry is not None and now - entry[0] < settings.PAGE_CACHE_SECONDS
        }

    def keep(self, generation: str, values: dict[tuple, object]) -> None:
        now = time.monotonic()
        with self.lock:
            if self.generation != generation:
                return
            for key, value in values.items():
                if value is not None and len(self.entries) < MEMO_ENTRIES:
                    self.entries[key] = (now, value)


_memo = _Memo()


def published_memo(key: tuple, compute: Callable[[], T]) -> T:
    """
    What `compute` returns for the current generation, computed once a
    process. The value is shared by every request (and thread) that asks:
    keep it immutable (tuples, frozen dataclasses, bytes), or copy it. None
    is not kept: what is not there (a mistyped address) is asked again.
    """
    return published_memo_many([key], lambda keys: {key: compute()})[key]


def published_memo_many(
    keys: list[tuple], compute: Callable[[list[tuple]], dict[tuple, T]]
) -> dict[tuple, T]:
    """
    `published_memo` of many keys at once: `compute` gets those not kept,
    and answers each of them, in one go (one query, say).
    """
    if not settings.PAGE_CACHE_SECONDS:
        return compute(keys)
    generation = published_generation()
    found = _memo.get(generation, keys)
    if missing := [key for key in keys if key not in found]:
        computed = compute(missing)
        _memo.keep(generation, computed)
        found.update(computed)
    return found


def published_copy(key: tuple, compute: Callable[[], T]) -> T:
    """
    `published_memo` for what a request may change, such as model
    instances: kept pickled, and each caller gets its own copy.
    """
    if not settings.PAGE_CACHE_SECONDS:
        return compute()
    kept = published_memo(key, lambda: _pickled(compute()))
    # Bytes this process pickled itself, never read from outside it.
    return None if kept is None else pickle.loads(kept)  # noqa: S301


def _pickled(value: object) -> bytes | None:
    return None if value is None else pickle.dumps(value)


def site_for_request(request: HttpRequest) -> Site | None:
    """
    Wagtail's `Site.find_for_request` (a query), from what the process
    keeps; Wagtail's own lookups later in the request find it too.
    """
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = published_copy(
            ("site", request._get_raw_host(), request.get_port()),
            lambda: Site.find_for_request(request),
        )
    return request._wagtail_site
