"""
The notifications page, the header's bell, and the emails' subscriptions:
the toggles on the page (the digest, and each course's email of its new
lessons) and the signed one-click unsubscribe link of every email.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from django_htmx.http import trigger_client_event

from .selectors import (
    course_email_choices,
    digest_is_subscribed,
    notification_list,
    notification_target,
    notification_unread_count,
)
from .services import (
    course_email_subscribe,
    digest_subscribe,
    digest_unsubscribe,
    email_unsubscribe,
    notification_mark_all_read,
    notification_mark_read,
    unsubscribe_token_read,
)

PER_PAGE = 20
# What tells the bell, and anything else that shows notifications, to look again.
CHANGED_EVENT = "notifications:changed"


@login_required
def notifications_page(request: HttpRequest) -> HttpResponse:
    """The member's notifications, newest first; HTMX asks for the next page."""
    scrolling = request.htmx and not request.htmx.history_restore_request
    return _notifications_response(request, scrolling=bool(scrolling))


def _notifications_response(request: HttpRequest, *, scrolling: bool) -> HttpResponse:
    page = Paginator(notification_list(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    if scrolling:
        template = "notifications/partials/notification_page.html"
        context = {"notifications": page}
    else:
        template = "notifications/notifications_page.html"
        context = {
            "notifications": page,
            "unread_count": notification_unread_count(user=request.user),
            "digest_subscribed": digest_is_subscribed(user=request.user),
            "course_emails": course_email_choices(user=request.user),
        }
    response = TemplateResponse(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    patch_cache_control(response, private=True)
    return response


@require_POST
@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a notification read and go where it happened (a path on this site)."""
    notification = notification_mark_read(user=request.user, pk=pk)
    return redirect(notification_target(notification))


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    """Mark every notification read; over HTMX, the page comes back to swap in."""
    count = notification_mark_all_read(user=request.user)
    if request.htmx:
        response = _notifications_response(request, scrolling=False)
        return trigger_client_event(response, CHANGED_EVENT)
    messages.success(
        request, f"Marked {count} notification{'s' if count != 1 else ''} as read."
    )
    return redirect("notifications:list")


@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    """
    The header's bell again, for HTMX to refresh. Signed out (in another
    tab), there is no bell: status 286 tells HTMX to stop asking.
    """
    if not request.user.is_authenticated:
        return HttpResponse(status=286)
    response = TemplateResponse(
        request,
        "notifications/partials/bell.html",
        {"unread_count": notification_unread_count(user=request.user)},
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
@login_required
def digest_toggle(request: HttpRequest) -> HttpResponse:
    if request.POST.get("subscribed") == "on":
        digest_subscribe(user=request.user)
        messages.success(request, "You will get an email digest of your notifications.")
    else:
        digest_unsubscribe(user=request.user)
        messages.success(request, "You will get no more email digests.")
    return redirect("notifications:list")


@require_POST
@login_required
def course_email_toggle(request: HttpRequest, course_id: int) -> HttpResponse:
    subscribed = request.POST.get("subscribed") == "on"
    course = course_email_subscribe(
        user=request.user, course_id=course_id, subscribed=subscribed
    )
    messages.success(
        request,
        f"You will get an email when {course.title} has new lessons."
        if subscribed
        else f"You will get no more emails of new lessons in {course.title}.",
    )
    return redirect(reverse("notifications:list") + "#course-emails")


# The signature is the credential, and mail clients POST here with no
# token (RFC 8058 one-click unsubscribe).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """
    An email's unsubscribe link, from the digest or a course's email: GET
    shows a button (so that link checkers and previews change nothing),
    POST unsubscribes.
    """
    done = request.method == "POST"
    try:
        user, course = (email_unsubscribe if done else unsubscribe_token_read)(
            token=token
        )
    except ValidationError as error:
        return TemplateResponse(
            request,
            "notifications/unsubscribe.html",
            {"error": error.message},
            status=400,
        )
    response = TemplateResponse(
        request,
        "notifications/unsubscribe.html",
        {"done": done, "email": user.email, "course": course},
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
