"""
Cached pages. Each entry carries the generation of published content
(courses/published.py) that was current when its request began; a change
starts a new generation, so every older entry (and any page still rendering
from data read before the change) is a miss from then on, in every process
sharing the cache.
Entries are plain tuples, which any release of the code can read back.
"""

import hashlib

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from courses.published import GENERATION_KEY, published_generation, remember_generation


def entry_key(request: HttpRequest, host: str) -> str:
    url = f"{request.scheme}://{host}{request.path}"
    return "page-cache:" + hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


def page_cache_get(key: str) -> tuple[str, HttpResponse | None]:
    """The current generation and the page kept at `key`, in one round trip."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        return published_generation(), None
    remember_generation(generation)
    entry = found.get(key)
    if entry is None or entry[0] != generation:
        return generation, None
    _, content, headers = entry
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    return generation, response


def page_cache_set(
    key: str, *, generation: str, response: HttpResponse, seconds: int
) -> None:
    entry = (generation, response.content, tuple(response.headers.items()))
    cache.set(key, entry, timeout=seconds)
