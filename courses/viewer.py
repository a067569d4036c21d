"""
Who is looking at a course: a user (maybe anonymous), and an email address
the session has proved it owns by an emailed link (see
courses/services/email_access.py). It needs no course model, so that pages
can ask it as they render.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone

from members.models import User

SESSION_KEY = "courses.verified_email"


@dataclass(frozen=True)
class Viewer:
    """Who is looking: a user (maybe anonymous), and an email address the
    session has proved it owns, if any."""

    user: User | AnonymousUser
    verified_email: str | None = None


def viewer_from_request(request: HttpRequest) -> Viewer:
    if getattr(request, "signed_in_by_token", False):
        return viewer_from_api_request(request)
    return Viewer(user=request.user, verified_email=session_verified_email(request))


def viewer_from_api_request(request: HttpRequest) -> Viewer:
    """The API's viewer: its token's user, and no session (members/api_base.py)."""
    return Viewer(user=request.user)


def session_verified_email(request: HttpRequest) -> str | None:
    session = getattr(request, "session", None)
    verified = session.get(SESSION_KEY) if session is not None else None
    if not verified or verified["until"] < timezone.now().timestamp():
        return None
    return verified["email"]
