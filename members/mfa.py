"""
Email one-time codes: a second way through two-factor sign-in, for members
without their authenticator app at hand. A code is sent on request (at most
every 45 seconds), works once, for ten minutes, in the browser that asked.
Sending and checking codes live here, beside the form that takes them: they
write to the session and the cache, not to the database.
"""

import math
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac

from allauth.account.internal.flows.login import record_authentication
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm

from .mail import mail_send
from .models import User

EMAIL_CODE_SESSION_KEY = "members.mfa_email_code"
EMAIL_CODE_LIFETIME = 10 * 60
EMAIL_CODE_RESEND_AFTER = 45
EMAIL_CODE_MAX_ATTEMPTS = 5


def mask_email(address: str) -> str:
    """j***@e***.com: enough to recognise one's address, not to learn it."""
    local, _, domain = address.partition("@")
    name, dot, tld = domain.rpartition(".")
    return f"{local[:1]}***@{name[:1]}***{dot}{tld}"


def _code_digest(code: str) -> str:
    return salted_hmac(EMAIL_CODE_SESSION_KEY, code).hexdigest()


def email_code_allowed(*, user: User) -> bool:
    """
    Where the admin requires two factors, its users cannot use the mailbox
    that password resets also go to as their second one.
    """
    return not (
        settings.ADMIN_MFA_REQUIRED and user.has_perm("wagtailadmin.access_admin")
    )


def email_code_send(*, request: HttpRequest, user: User) -> int:
    """
    Email `user` a sign-in code. Returns 0 when sent, or the seconds left
    before another code may be asked for (and sends nothing).
    """
    if not email_code_allowed(user=user):
        raise PermissionDenied("Use your authenticator app or a recovery code.")
    throttle_key = f"members:mfa-email-code:{user.pk}"
    sent_at = cache.get(throttle_key)
    now = time.time()
    if sent_at is not None and now - sent_at < EMAIL_CODE_RESEND_AFTER:
        return math.ceil(EMAIL_CODE_RESEND_AFTER - (now - sent_at))
    cache.set(throttle_key, now, timeout=EMAIL_CODE_RESEND_AFTER)

    code = f"{secrets.randbelow(10**6):06d}"
    request.session[EMAIL_CODE_SESSION_KEY] = {
        "user": user.pk,
        "digest": _code_digest(code),
        "expires": now + EMAIL_CODE_LIFETIME,
        "attempts": 0,
    }
    mail_send(
        subject="Your sign-in code",
        template="members/email/mfa_email_code.txt",
        context={"user": user, "code": code, "minutes": EMAIL_CODE_LIFETIME // 60},
        to=[user.email],
    )
    return 0


def email_code_verify(*, request: HttpRequest, user: User, code: str) -> bool:
    """Check a code sent by email_code_send; a code works once."""
    pending = request.session.get(EMAIL_CODE_SESSION_KEY)
    if not pending or pending["user"] != user.pk or pending["expires"] < time.time():
        return False
    if constant_time_compare(_code_digest(code.strip()), pending["digest"]):
        del request.session[EMAIL_CODE_SESSION_KEY]
        return True
    pending["attempts"] += 1
    if pending["attempts"] >= EMAIL_CODE_MAX_ATTEMPTS:
        del request.session[EMAIL_CODE_SESSION_KEY]
    else:
        request.session[EMAIL_CODE_SESSION_KEY] = pending
    return False


class EmailCodeAuthenticateForm(AuthenticateForm):
    """allauth's two-factor form, which also takes a code sent by email."""

    authenticator = None

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if email_code_allowed(user=self.user) and email_code_verify(
            request=context.request, user=self.user, code=code
        ):
            return code
        return super().clean_code()

    def save(self) -> None:
        if self.authenticator is None:
            record_authentication(context.request, self.user, "mfa", type="email_code")
        else:
            super().save()
