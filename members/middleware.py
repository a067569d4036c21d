import re
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

from allauth.mfa.utils import is_mfa_enabled

VIEW_CHOSE_CACHING = re.compile(r"\b(public|private|no-store)\b")


class AdminMfaRequiredMiddleware:
    """
    With ADMIN_MFA_REQUIRED on, nobody opens any page of the Wagtail admin
    without two-factor authentication: users who may enter the admin but have
    not enrolled are sent to set it up. Signing in itself goes through
    allauth, which then asks for the second factor.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.ADMIN_MFA_REQUIRED
            and request.path.startswith(reverse("wagtailadmin_home"))
            and request.path != reverse("wagtailadmin_logout")
            and request.user.is_authenticated
            and request.user.has_perm("wagtailadmin.access_admin")
            and not is_mfa_enabled(request.user)
        ):
            messages.warning(
                request,
                "Set up two-factor authentication before you use the admin.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class PrivateCacheMiddleware:
    """
    A response that depends on who is asking is for them alone. When the
    request read the session of a visitor who has one (signed in, or
    verified an email by link), brought an API token, or the response sets
    a cookie (a message shown once, a CSRF token), the response is marked
    ``Cache-Control: private`` unless the view chose its caching itself.
    Other anonymous pages stay cacheable by shared caches; those that would
    differ for a token (the API's, and the files API clients follow) say
    ``Vary: Authorization``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        personal = (
            response.cookies
            or (session.accessed and not session.is_empty())
            or "Authorization" in request.headers
        )
        if getattr(request, "token_considered", False):
            patch_vary_headers(response, ("Authorization",))
        if personal and not VIEW_CHOSE_CACHING.search(
            response.get("Cache-Control", "")
        ):
            patch_cache_control(response, private=True)
        return response
