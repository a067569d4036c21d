"""
Email-verified access without an account: a visitor asks for a link on an
email course, follows it, and their session may read email courses for a
while. Links are single-use, expire, and are stored only as hashes.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import CoursePage, EmailAccessToken, VerifiedEmail

LINK_LIFETIME = timedelta(hours=24)
SESSION_LIFETIME = timedelta(days=30)
RESEND_AFTER_SECONDS = 60
SESSION_KEY = "courses.verified_email"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def email_access_request(
    *, request: HttpRequest, email: str, course: CoursePage
) -> bool:
    """
    Email a single-use access link to `email`. Returns False, sending
    nothing, when a link went to the address less than a minute ago.
    """
    email = email.strip().lower()
    throttle_key = f"courses:email-access:{_hash(email)}"
    if not cache.add(throttle_key, True, timeout=RESEND_AFTER_SECONDS):
        return False
    token = secrets.token_urlsafe(32)
    EmailAccessToken.objects.create(
        email=email,
        course=course,
        token_hash=_hash(token),
        expires_at=timezone.now() + LINK_LIFETIME,
    )
    link = request.build_absolute_uri(
        reverse("courses:email_access_confirm", args=[token])
    )
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Your link to {course.title}",
        message=render_to_string(
            "courses/email/access_link.txt",
            {
                "course": course,
                "link": link,
                "hours": LINK_LIFETIME // timedelta(hours=1),
            },
        ),
        from_email=None,
        recipient_list=[email],
    )
    return True


@transaction.atomic
def email_access_confirm(*, request: HttpRequest, token: str) -> EmailAccessToken:
    """Use a link: the session may then read email courses as that address."""
    access = (
        EmailAccessToken.objects.select_for_update()
        .select_related("course")
        .filter(token_hash=_hash(token))
        .first()
    )
    if access is None:
        raise ValidationError(
            "This link is not valid. Ask for a new one.", code="invalid"
        )
    if access.used_at is not None:
        raise ValidationError(
            "This link has already been used. Ask for a new one.", code="used"
        )
    if access.expires_at < timezone.now():
        raise ValidationError(
            "This link has expired. Ask for a new one.", code="expired"
        )
    access.used_at = timezone.now()
    access.save(update_fields=["used_at"])
    VerifiedEmail.objects.update_or_create(email=access.email)
    request.session[SESSION_KEY] = {
        "email": access.email,
        "until": (timezone.now() + SESSION_LIFETIME).timestamp(),
    }
    # An anonymous visitor's session (cookie included) lasts as long as the
    # access; a signed-in member's keeps its own expiry.
    if not request.user.is_authenticated:
        request.session.set_expiry(SESSION_LIFETIME)
    return access


def session_verified_email(request: HttpRequest) -> str | None:
    session = getattr(request, "session", None)
    verified = session.get(SESSION_KEY) if session is not None else None
    if not verified or verified["until"] < timezone.now().timestamp():
        return None
    return verified["email"]
