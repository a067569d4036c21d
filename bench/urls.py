"""
The site's URLs plus one trivial view, for benchmarks only (bench/settings.py
selects this module): pages are measured against `/bench/ok/`, served by the
same process through the same middleware, never shipped with the product.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from portal.urls import urlpatterns as site_urlpatterns


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("bench/ok/", ok), *site_urlpatterns]
