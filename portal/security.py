"""
The Content Security Policy: django-csp's strict one for the site's pages,
the looser one the Wagtail admin needs for its own and for the previews its
editor frames (inline scripts, frames of its own), and none on what is not a
page (files, JSON).
"""

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.cache import patch_cache_control

from csp.middleware import CSPMiddleware, PolicyParts


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        # A policy governs documents. A file served inline (a PDF) would have
        # its browser viewer blocked by it, for no gain.
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        response = super().process_response(request, response)
        if getattr(request, "_csp_nonce", None):
            # The page carries this response's nonce: no cache may hand it
            # (and so its nonce) to anyone else.
            patch_cache_control(response, private=True)
        return response

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_for_the_admin(request):
            parts.config = settings.WAGTAIL_ADMIN_CSP_DIRECTIVES
        return parts


def is_for_the_admin(request: HttpRequest) -> bool:
    """An admin page, or a page's preview, which the editor shows in a frame
    (Wagtail renders it through the middleware with the page's own path)."""
    return getattr(request, "is_preview", False) or request.path_info.startswith(
        reverse("wagtailadmin_home")
    )
