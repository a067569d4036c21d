"""
Reads about members, and mask_email and mask_phone (an address or a
number as a sign-in page shows it). Two of them gather what other apps add
through Wagtail hooks:

- ``register_account_data``: ``fn(user) -> dict``, the app's part of the
  user's data export, keyed by section name (see account_data_export).
- ``register_profile_section``: ``fn(member) -> ProfileSection``, a section
  of the member's public profile page (see profile_section_list).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from wagtail import hooks

import phonenumbers
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from .models import TwoFactorPhone, User
from .sms import sms_available


def user_has_verified_email(*, user: User) -> bool:
    """
    Whether the user's sign-in address is verified: required before they
    post, upload, chat, or enroll in email- or purchase-gated courses.
    """
    return (
        user.is_authenticated
        and user_list_with_verified_email().filter(pk=user.pk).exists()
    )


def user_list_with_verified_email() -> QuerySet[User]:
    """The users whose sign-in address is verified (`user_has_verified_email`)."""
    return User.objects.filter(
        Exists(
            EmailAddress.objects.filter(
                user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
            )
        )
    )


def user_list_taking_donations() -> QuerySet[User]:
    """Who may be given donations: active teachers, and members who chose to."""
    return User.objects.filter(
        Q(role=User.Role.TEACHER) | Q(takes_donations=True), is_active=True
    )


def user_takes_donations(*, user: User) -> bool:
    """Whether `user` may be given donations (`user_list_taking_donations`)."""
    return user.is_active and (user.role == User.Role.TEACHER or user.takes_donations)


def email_code_allowed(*, user: User) -> bool:
    """
    Where the admin requires two factors, its users cannot use the mailbox
    that password resets also go to as their second one.
    """
    return not (
        settings.ADMIN_MFA_REQUIRED and user.has_perm("wagtailadmin.access_admin")
    )


def sms_code_allowed(*, user: User) -> bool:
    """
    Whether the member may get sign-in codes by text message: to a phone
    they confirmed, if texts can be sent, and as email codes (the admin's
    users cannot use them where it requires two factors).
    """
    return (
        sms_available()
        and email_code_allowed(user=user)
        and TwoFactorPhone.objects.filter(user=user).exists()
    )


def two_factor_phone_allowed(*, user: User) -> bool:
    """
    Whether the member may confirm a phone for sign-in codes: texts can be
    sent, the codes are allowed them (sms_code_allowed), and they have the
    authenticator app whose second step the codes stand in for.
    """
    return (
        sms_available()
        and email_code_allowed(user=user)
        and Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists()
    )


def mask_email(address: str) -> str:
    """j***@e***.com: enough to recognise one's address, not to learn it."""
    local, _, domain = address.partition("@")
    name, dot, tld = domain.rpartition(".")
    return f"{local[:1]}***@{name[:1]}***{dot}{tld}"


def mask_phone(number: str) -> str:
    """+254••••••678: the country code and last three digits, to recognise it by."""
    parsed = phonenumbers.parse(str(number))
    digits = str(parsed.national_number)
    return f"+{parsed.country_code}{'•' * (len(digits) - 3)}{digits[-3:]}"


def user_list_by_handles(*, handles: list[str]) -> QuerySet[User]:
    """The active members with these handles, case aside (as in @Ada for ada)."""
    return User.objects.alias(handle_lower=Lower("handle")).filter(
        handle_lower__in={handle.lower() for handle in handles}, is_active=True
    )


def handle_is_taken(*, handle: str, user: User | None = None) -> bool:
    """
    Whether another account than `user` has `handle`, case aside: inactive
    accounts keep theirs, so that a mention never changes whom it names.
    """
    others = User.objects.exclude(pk=user.pk) if user else User.objects.all()
    return (
        others.alias(handle_lower=Lower("handle"))
        .filter(handle_lower=handle.lower())
        .exists()
    )


def user_list_deletion_due(*, now: datetime) -> QuerySet[User]:
    """The accounts whose deletion is due by `now`."""
    return User.objects.filter(deletion_due_at__lte=now)


def account_data_export(*, user: User) -> dict[str, Any]:
    """Everything Lectern keeps about `user`, by section, for them to download."""
    data: dict[str, Any] = {"exported_at": timezone.now().isoformat()}
    for hook in hooks.get_hooks("register_account_data"):
        data.update(hook(user))
    return data


def user_data_export(*, user: User) -> dict[str, Any]:
    """Members' part of the data export: the profile, addresses and teachers."""
    return {
        "profile": {
            "email": user.email,
            "handle": user.handle,
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "bio": user.bio,
            "phone_number": str(user.phone_number or ""),
            "profile_is_public": user.profile_is_public,
            "takes_donations": user.takes_donations,
            "avatar": user.avatar.url if user.avatar else None,
            "role": user.role,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {
                "email": address.email,
                "verified": address.verified,
                "primary": address.primary,
            }
            for address in EmailAddress.objects.filter(user=user)
        ],
        "two_factor_methods": list(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "two_factor_phone": [
            {
                "number": str(phone.number),
                "confirmed_at": phone.confirmed_at.isoformat(),
            }
            for phone in TwoFactorPhone.objects.filter(user=user)
        ],
        "teachers": [
            {
                "teacher": str(assignment.teacher),
                "since": assignment.created_at.isoformat(),
            }
            for assignment in user.teacher_assignments.select_related("teacher")
        ],
    }


@dataclass(frozen=True)
class ProfileSection:
    """
    A section of a member's public profile page: `template_name` included
    with the page's context (`member` is the member shown), and `context`
    as `section`.
    """

    template_name: str
    context: dict[str, Any]


def profile_section_list(*, member: User) -> list[ProfileSection]:
    """
    The sections other apps add to `member`'s profile page, in the order of
    their hooks (``hooks.register("register_profile_section", order=...)``).
    """
    return [hook(member) for hook in hooks.get_hooks("register_profile_section")]
