"""
Email one-time codes: a second way through two-factor sign-in, for members
without their authenticator app at hand. A code is sent on request (at most
every 45 seconds), works once, for ten minutes, in the browser that asked.
Codes are kept in the session and the throttle in the cache, not in the
database; forms.EmailCodeAuthenticateForm takes them.
"""

import math
import secrets
import time

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac

from ..mail import mail_send
from ..models import User
from ..selectors import email_code_allowed

EMAIL_CODE_SESSION_KEY = "members.mfa_email_code"
EMAIL_CODE_LIFETIME = 10 * 60
EMAIL_CODE_RESEND_AFTER = 45
EMAIL_CODE_MAX_ATTEMPTS = 5


def _code_digest(code: str) -> str:
    return salted_hmac(EMAIL_CODE_SESSION_KEY, code).hexdigest()


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
