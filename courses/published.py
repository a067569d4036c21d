"""
The generation of published content, and what each process keeps of it.

Every change that public pages show (a page published, unpublished, moved,
created live or deleted; a setting, site, subject, image, document, plan or
view restriction saved: see portal/page_cache/signals.py) starts a new
generation in the shared cache (Redis in production). Two things are kept
for the current generation only: the page cache's pages
(portal/page_cache/), and, in each process's memory (the `published`
cache, a LocMemCache), what every visitor's request would otherwise read
again from the database or render again although it is the same for all
of them (`published_memo`): the routes to pages, a course's outline, the
header's and footer's links, course cards, the catalog's filter fields and
its pages' course ids, courses and lessons by id, a lesson's blocks, which
courses plans unlock (README.md, "Caching and privacy", lists them).

A request reads the generation once, when it first needs it; outside a
request (a task, a shell) every call reads it. An entry is kept at most
PAGE_CACHE_SECONDS, which also bounds how stale a process can be when the
cache is not shared (no Redis: each process has its own generation, which a
change made by another process does not reach); 0 keeps nothing. Entries
carry their generation in their key: a request still on the one before
reads and keeps its own, and the process's cache drops the oldest when it
is full.
"""

import hashlib
import threading
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.core.signals import request_finished, request_started
from django.http import HttpRequest
from django.http.request import split_domain_port

from wagtail.models import Site

GENERATION_KEY = "page-cache:generation"
# The alias of each process's own cache of what it keeps (settings.CACHES).
PUBLISHED_CACHE = "published"

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
    # What the rest of this request reads is of the new one.
    _request.generation = None


def _request_started(**kwargs) -> None:
    _request.active = True
    _request.generation = None


def forget_generation(**kwargs) -> None:
    """Forget the generation this thread remembers: a request's end does."""
    _request.active = False
    _request.generation = None


# Connected on import (CoursesConfig.ready).
request_started.connect(_request_started, dispatch_uid="published-generation-start")
request_finished.connect(forget_generation, dispatch_uid="published-generation-end")


def published_memo(key: tuple, compute: Callable[[], T]) -> T:
    """
    What `compute` returns for the current generation, computed once a
    process and kept in its own memory (each caller gets its own copy, as
    from any cache). None is not kept: what is not there (a mistyped
    address) is asked again.
    """
    return published_memo_many([key], lambda keys: {key: compute()})[key]


def published_memo_many(
    keys: list[tuple], compute: Callable[[list[tuple]], dict[tuple, T]]
) -> dict[tuple, T]:
    """
    `published_memo` of many keys at once: `compute` gets those not kept,
    and answers each of them, in one go (one query, say).
    """
    seconds = settings.PAGE_CACHE_SECONDS
    if not seconds:
        return compute(keys)
    generation = published_generation()
    kept = caches[PUBLISHED_CACHE]
    names = {key: _entry_name(generation, key) for key in keys}
    found_by_name = kept.get_many(names.values())
    found = {
        key: found_by_name[name] for key, name in names.items() if name in found_by_name
    }
    if missing := [key for key in keys if key not in found]:
        computed = compute(missing)
        kept.set_many(
            {names[key]: value for key, value in computed.items() if value is not None},
            timeout=seconds,
        )
        found.update(computed)
    return found


def _entry_name(generation: str, key: tuple) -> str:
    # Keys hold addresses and paths: hashed, they suit any cache's rules.
    return hashlib.md5(
        repr((generation, key)).encode(), usedforsecurity=False
    ).hexdigest()


def site_for_request(request: HttpRequest) -> Site | None:
    """
    Wagtail's `Site.find_for_request` (a query), from what the process
    keeps; Wagtail's own lookups later in the request find it too.
    """
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = published_memo(
            ("site", *request_host(request)), lambda: Site.find_for_request(request)
        )
    return request._wagtail_site


def request_host(request: HttpRequest) -> tuple[str, str]:
    """
    The host (checked against ALLOWED_HOSTS, without its port, lower case)
    and port a request came to: the same site's addresses, however written,
    share what is kept for them.
    """
    return split_domain_port(request.get_host())[0], request.get_port()
