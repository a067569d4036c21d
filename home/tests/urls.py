"""The site's URLs plus views that fail on purpose, to exercise the error pages."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.urls import path

from portal.urls import urlpatterns as site_urlpatterns


def forbidden(request):
    raise PermissionDenied


def bad_request(request):
    raise BadRequest


def broken(request):
    raise RuntimeError("This view fails on purpose.")


urlpatterns = [
    path("forbidden/", forbidden),
    path("bad-request/", bad_request),
    path("broken/", broken),
    *site_urlpatterns,
]
