"""
Email-verified access without an account: a visitor asks for a link on an
email course, follows it, and their session may read email courses for a
while. Links are single-use, expire, and are stored only as hashes.

Every email sent to an address a visitor types is rate-limited here, and
what is kept by address is forgotten here when its account is deleted.
"""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from allauth.core import ratelimit

from members.mail import mail_send
from members.models import User

from ..access import course_takes_enrollments
from ..models import CourseNotification, CoursePage, EmailAccessToken, VerifiedEmail
from ..viewer import SESSION_KEY

LINK_LIFETIME = timedelta(hours=24)
SESSION_LIFETIME = timedelta(days=30)


def new_token() -> tuple[str, str]:
    """A single-use token for a link, and the hash of it that is stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_email_rate(*, request: HttpRequest, email: str, purpose: str) -> None:
    """
    Raise ValidationError unless an email for `purpose` may go to `email`,
    an address typed by the visitor of `request`: one a minute per address,
    and a few an hour per client (see ACCOUNT_RATE_LIMITS).
    """
    if not ratelimit.consume(
        request, action="course_email_to_address", key=f"{purpose}:{email}"
    ):
        raise ValidationError(
            "We emailed this address a moment ago; check your inbox.",
            code="too_soon",
        )
    if not ratelimit.consume(request, action="course_email_from_client"):
        raise ValidationError(
            "Too many emails were asked for from your connection. "
            "Try again in an hour.",
            code="rate_limited",
        )


def email_access_request(
    *, request: HttpRequest, email: str, course: CoursePage
) -> None:
    """
    Email a single-use access link to `email`. Raises ValidationError,
    sending nothing, when the course is not open to readers yet (coming
    soon, or no lesson published) or the address or the client asked too
    often.
    """
    if not course_takes_enrollments(course=course):
        raise ValidationError("This course is not open yet.")
    email = email.strip().lower()
    check_email_rate(request=request, email=email, purpose="access")
    token, token_hash = new_token()
    EmailAccessToken.objects.create(
        email=email,
        course=course,
        token_hash=token_hash,
        expires_at=timezone.now() + LINK_LIFETIME,
    )
    link = request.build_absolute_uri(
        reverse("courses:email_access_confirm", args=[token])
    )
    mail_send(
        subject=f"Your link to {course.title}",
        template="courses/email/access_link.txt",
        context={
            "course": course,
            "link": link,
            "hours": LINK_LIFETIME // timedelta(hours=1),
        },
        to=[email],
    )


def emailed_link_record(queryset: QuerySet, *, token: str, invalid: str):
    """
    The record a single-use emailed link names, locked until the caller's
    transaction ends (so that two clicks cannot both use it).
    """
    record = (
        queryset.select_for_update()
        .select_related("course")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if record is None:
        raise ValidationError(invalid, code="invalid")
    return record


@transaction.atomic
def email_access_confirm(*, request: HttpRequest, token: str) -> EmailAccessToken:
    """Use a link: the session may then read email courses as that address."""
    access = emailed_link_record(
        EmailAccessToken.objects.all(),
        token=token,
        invalid="This link is not valid. Ask for a new one.",
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


def email_records_delete(*, user: User) -> None:
    """
    Forget what is kept by the addresses of an account being deleted:
    notify-me requests, emailed links and verified addresses. Enrollments,
    progress, attempts and certificates go with the user row.
    """
    addresses = {user.email, *user.emailaddress_set.values_list("email", flat=True)}
    CourseNotification.objects.filter(email__in=addresses).delete()
    EmailAccessToken.objects.filter(email__in=addresses).delete()
    VerifiedEmail.objects.filter(email__in=addresses).delete()
