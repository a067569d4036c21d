"""
How the community's pages tell a visitor what a service or a rule
refused, in words and with the status that says why: 403 not allowed,
400 bad input, 429 too fast.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def validation_error_status(error: ValidationError) -> int:
    """429 for a rate limit, 400 for any other bad input."""
    codes = {getattr(item, "code", None) for item in getattr(error, "error_list", [])}
    return 429 if "rate_limited" in codes else 400


def refusal_told(error: PermissionDenied | ValidationError) -> tuple[str, int]:
    """What to tell the visitor a service refused, and with which status."""
    if isinstance(error, PermissionDenied):
        return str(error) or "You may not do that.", 403
    return " ".join(error.messages), validation_error_status(error)


def refused(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    """A refusal in words: a fragment for HTMX, a page otherwise."""
    return TemplateResponse(
        request,
        "community/partials/error.html" if request.htmx else "community/refused.html",
        {"message": message, "status": status},
        status=status,
    )


def refusals_shown(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """What a service or rule refuses, the visitor is told: 403, 400, or 429."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (PermissionDenied, ValidationError) as error:
            message, status = refusal_told(error)
            return refused(request, message, status=status)

    return wrapper
