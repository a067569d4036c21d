"""
Demo two-factor sign-in for seed_demo: an account with an authenticator
app (its secret is published, like the demo passwords) and a confirmed
phone, whose sign-in codes `make run` prints, as texts go in development.
"""

from django.utils import timezone

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from .models import TwoFactorPhone, User

# Published in the README, like the demo passwords.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105
DEMO_PHONE = "+254700000001"


def create_demo_two_factor(*, user: User) -> None:
    if not Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    TwoFactorPhone.objects.update_or_create(
        user=user, defaults={"number": DEMO_PHONE, "confirmed_at": timezone.now()}
    )
