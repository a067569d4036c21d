import re
import time
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import parse_qsl

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import (
    cc_delim_re,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date

from .store import entry_key, page_cache_get, page_cache_set

# Asked of the page by the browser, the view or another cache: never kept.
NOT_SHARED = re.compile(r"\b(private|no-store|no-cache)\b")
# Headers a kept page may vary on: it is kept only for requests without a
# session or messages cookie, and never for HTMX requests.
VARY_ALLOWED = {"cookie", "hx-request"}
# Parameters that campaign links add and no page reads: such a request gets
# the page kept for the bare address (but its own answer is not kept).
TRACKING_PARAMETER = re.compile(r"utm_[a-z]+|fbclid|gclid|msclkid|mc_cid|mc_eid")
# The views whose answers may be kept: Wagtail's pages, and the sitemap that
# lists them (costly at a large catalog; the same changes make it stale).
# Its index and first file are kept; further files (?p=2...) have a query.
SHARED_VIEWS = {"wagtail_serve", "sitemap_index", "sitemap"}


def only_tracking(query_string: str) -> bool:
    return all(
        TRACKING_PARAMETER.fullmatch(name)
        for name, _ in parse_qsl(query_string, keep_blank_values=True)
    )


def cacheable_request(request: HttpRequest) -> bool:
    """A request whose answer could be the same for every anonymous visitor."""
    return (
        request.method in ("GET", "HEAD")
        and only_tracking(request.META.get("QUERY_STRING", ""))
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "Authorization" not in request.headers
        and "HX-Request" not in request.headers
    )


def shared_view(request: HttpRequest) -> bool:
    """
    The address is served by a view whose answers may be kept. Resolving
    costs far less than the cache round trip it spares every other view.
    """
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    if len(request.path_info) > LONGEST_PATH_REMEMBERED:
        return _resolves_to_shared_view(request.path_info, urlconf)
    return _resolves_to_shared_view_remembered(request.path_info, urlconf)


def _resolves_to_shared_view(path_info: str, urlconf) -> bool:
    try:
        match = resolve(path_info, urlconf)
    except Resolver404:
        return False
    return match.view_name in SHARED_VIEWS


# A page's path resolves to Wagtail's view only after every other pattern
# has been tried: a tenth of a cache hit's time. The answer depends on the
# URL configuration alone; the most recent paths are remembered (a bounded
# number of short ones, so that made-up paths only push others out).
LONGEST_PATH_REMEMBERED = 512
_resolves_to_shared_view_remembered = lru_cache(maxsize=4096)(_resolves_to_shared_view)


def storable_response(request: HttpRequest, response: HttpResponse) -> bool:
    """
    An answer of a view whose answers may be kept (`shared_view`, asked
    first) that nothing personal went into.
    """
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    vary = {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", ""))}
    return (
        # A HEAD is answered from a kept GET; what a view answers to a HEAD
        # need not have the body.
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        # A CSP nonce (django-csp) is this response's alone.
        and not getattr(request, "_csp_nonce", None)
        and not len(get_messages(request))
        and (session is None or session.is_empty())
        and (user is None or not user.is_authenticated)
        and not NOT_SHARED.search(response.get("Cache-Control", ""))
        and vary <= VARY_ALLOWED | {""}
    )


def mark_shared(response: HttpResponse) -> None:
    """
    Any cache may keep the page but must ask again before each use; the
    ETag (or Last-Modified) makes asking cheap: a 304 from the page cache.
    """
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ("Cookie",))
    if not response.has_header("ETag"):
        set_response_etag(response)
    if not response.has_header("Last-Modified"):
        response.headers["Last-Modified"] = http_date(time.time())


class PageCacheMiddleware:
    """
    Serves anonymous visitors' Wagtail pages (and the sitemap) from the page
    cache, and keeps those fit to share (see portal/page_cache/__init__.py).
    It sits before the session, authentication and CSRF middleware, so that
    a hit costs one cache round trip and none of theirs;
    ConditionalGetMiddleware, before it, answers 304 to a visitor who has
    the page already.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not cacheable_request(request) or not shared_view(request):
            return self.get_response(request)
        try:
            key = entry_key(request, request.get_host())
        except DisallowedHost:
            # Left to CommonMiddleware, which answers 400.
            return self.get_response(request)
        generation, response = page_cache_get(key)
        if response is not None:
            response.headers["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if not request.META.get("QUERY_STRING") and storable_response(
            request, response
        ):
            mark_shared(response)
            page_cache_set(
                key, generation=generation, response=response, seconds=seconds
            )
            response.headers["X-Page-Cache"] = "miss"
        return response
