"""
One-time sign-in codes: second ways through two-factor sign-in, for members
without their authenticator app at hand, by email or by text message to a
phone they confirmed (with a code sent to it, the same way). A code is sent
on request (at most every 45 seconds for each purpose), works once, for ten
minutes, in the browser that asked. Codes are kept in the session and the
throttle in the cache, not in the database; forms.SentCodeAuthenticateForm
takes them.
"""

import math
import secrets
import time

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from allauth.core import ratelimit

from ..mail import mail_send
from ..models import TwoFactorPhone, User
from ..selectors import email_code_allowed, sms_code_allowed, two_factor_phone_allowed
from ..sms import SmsUnavailable, sms_send

CODE_LIFETIME = 10 * 60
CODE_RESEND_AFTER = 45
CODE_MAX_ATTEMPTS = 5
# What each kind of code is for, which keeps them apart in the session.
EMAIL_CODE = "email"
SMS_CODE = "sms"
PHONE_CONFIRMATION = "phone"


def _session_key(purpose: str) -> str:
    return f"members.mfa_code.{purpose}"


def _code_digest(purpose: str, code: str) -> str:
    return salted_hmac(_session_key(purpose), code).hexdigest()


def _resend_wait(*, user: User, purpose: str) -> int:
    """
    The seconds left before another code for `purpose` may go to `user`; 0
    if one may go now, and then the wait starts again.
    """
    key = f"members:mfa-code:{purpose}:{user.pk}"
    now = time.time()
    # add() takes the wait only if nobody holds it: of two requests at
    # once, one sends.
    while not cache.add(key, now, timeout=CODE_RESEND_AFTER):
        sent_at = cache.get(key)
        if sent_at is not None:
            return max(math.ceil(CODE_RESEND_AFTER - (now - sent_at)), 1)
    return 0


def _code_issue(*, request: HttpRequest, user: User, purpose: str, **kept) -> str:
    """A new code for `purpose`, kept (as a digest) in the session with `kept`."""
    code = f"{secrets.randbelow(10**6):06d}"
    request.session[_session_key(purpose)] = {
        "user": user.pk,
        "digest": _code_digest(purpose, code),
        "expires": time.time() + CODE_LIFETIME,
        "attempts": 0,
        **kept,
    }
    return code


def _code_redeem(
    *, request: HttpRequest, user: User, purpose: str, code: str
) -> dict | None:
    """
    What was kept with the code for `purpose` if `code` is it (a code works
    once), else None; after CODE_MAX_ATTEMPTS wrong ones it is gone.
    """
    key = _session_key(purpose)
    pending = request.session.get(key)
    if not pending or pending["user"] != user.pk or pending["expires"] < time.time():
        return None
    if constant_time_compare(_code_digest(purpose, code.strip()), pending["digest"]):
        del request.session[key]
        return pending
    pending["attempts"] += 1
    if pending["attempts"] >= CODE_MAX_ATTEMPTS:
        del request.session[key]
    else:
        request.session[key] = pending
    return None


def email_code_send(*, request: HttpRequest, user: User) -> int:
    """
    Email `user` a sign-in code. Returns 0 when sent, or the seconds left
    before another code may be asked for (and sends nothing).
    """
    if not email_code_allowed(user=user):
        raise PermissionDenied("Use your authenticator app or a recovery code.")
    wait = _resend_wait(user=user, purpose=EMAIL_CODE)
    if wait:
        return wait
    code = _code_issue(request=request, user=user, purpose=EMAIL_CODE)
    mail_send(
        subject="Your sign-in code",
        template="members/email/mfa_email_code.txt",
        context={"user": user, "code": code, "minutes": CODE_LIFETIME // 60},
        to=[user.email],
    )
    return 0


def email_code_verify(*, request: HttpRequest, user: User, code: str) -> bool:
    """Check a code sent by email_code_send; a code works once."""
    return email_code_allowed(user=user) and (
        _code_redeem(request=request, user=user, purpose=EMAIL_CODE, code=code)
        is not None
    )


def sms_code_send(*, request: HttpRequest, user: User) -> int:
    """
    Text a sign-in code to the member's confirmed phone. Returns 0 when
    sent, or the seconds left before another may be asked for; raises
    SmsUnavailable if the provider could not send it.
    """
    if not sms_code_allowed(user=user):
        raise PermissionDenied("Use your authenticator app or a recovery code.")
    return _code_text(
        request=request,
        user=user,
        purpose=SMS_CODE,
        number=user.two_factor_phone.number.as_e164,
        words="sign-in code",
    )


def sms_code_verify(*, request: HttpRequest, user: User, code: str) -> bool:
    """Check a code sent by sms_code_send; a code works once."""
    return sms_code_allowed(user=user) and (
        _code_redeem(request=request, user=user, purpose=SMS_CODE, code=code)
        is not None
    )


def phone_confirmation_send(*, request: HttpRequest, user: User, number: str) -> int:
    """
    Text a code to `number` (E.164), which becomes the member's phone for
    sign-in codes once the code comes back (phone_confirm). Returns 0 when
    sent, or the seconds left before another may go; raises
    SmsUnavailable if the provider could not send it.
    """
    if not two_factor_phone_allowed(user=user):
        raise PermissionDenied(
            "Codes by text message are not offered on this account: sign in "
            "with your authenticator app."
        )
    return _code_text(
        request=request,
        user=user,
        purpose=PHONE_CONFIRMATION,
        number=number,
        words="code to confirm your phone",
        kept={"number": number},
    )


def _code_text(
    *,
    request: HttpRequest,
    user: User,
    purpose: str,
    number: str,
    words: str,
    kept: dict | None = None,
) -> int:
    """
    Text a code for `purpose` to `number`, at most every CODE_RESEND_AFTER
    seconds and within the "text_message" rate limit (returns the seconds
    left, or 0 when sent). If the provider refuses, no code waits.
    """
    wait = _resend_wait(user=user, purpose=purpose)
    if wait:
        return wait
    # Texts cost money: a few a day for each member and each client.
    if not ratelimit.consume(request, action="text_message", user=user):
        raise SmsUnavailable(
            "Too many text messages were asked for today. Use your "
            "authenticator app or a recovery code, or try again tomorrow."
        )
    code = _code_issue(request=request, user=user, purpose=purpose, **(kept or {}))
    try:
        sms_send(
            to=number,
            body=f"{code} is your Lectern {words}. It works for "
            f"{CODE_LIFETIME // 60} minutes. Nobody from Lectern will ask you for it.",
        )
    except SmsUnavailable:
        # No code waits for a text that did not go; the next may be asked
        # for after the usual wait.
        del request.session[_session_key(purpose)]
        raise
    return 0


def phone_confirmation_pending(*, request: HttpRequest, user: User) -> str:
    """The number a confirmation code was sent to and waits for, if any."""
    pending = request.session.get(_session_key(PHONE_CONFIRMATION))
    if pending and pending["user"] == user.pk and pending["expires"] > time.time():
        return pending["number"]
    return ""


def phone_confirm(
    *, request: HttpRequest, user: User, code: str
) -> TwoFactorPhone | None:
    """
    Keep the number a confirmation code was sent to as the member's phone
    for sign-in codes, if `code` is that code; None if it is not.
    """
    pending = _code_redeem(
        request=request, user=user, purpose=PHONE_CONFIRMATION, code=code
    )
    if pending is None:
        return None
    phone, _ = TwoFactorPhone.objects.update_or_create(
        user=user,
        defaults={"number": pending["number"], "confirmed_at": timezone.now()},
    )
    return phone


def phone_remove(*, user: User) -> bool:
    """Stop sign-in codes by text message; returns whether there was a phone."""
    deleted, _ = TwoFactorPhone.objects.filter(user=user).delete()
    return bool(deleted)
