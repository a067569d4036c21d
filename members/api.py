"""
The REST API's accounts (mounted in portal/api.py): registering, tokens and
the signed-in member.

Registering, verifying an address and the profile go through allauth's and
the site's own forms, so the API keeps the site's rules (password strength,
unique addresses without telling who has an account, names and handles).
Tokens are django-ninja-jwt's; obtaining them asks for the second factor of
members who have one (an authenticator app's code or a recovery code).
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse

from allauth.account.forms import SignupForm
from allauth.account.models import (
    EmailAddress,
    EmailConfirmation,
    EmailConfirmationHMAC,
)
from allauth.account.signals import user_signed_up
from allauth.core import context, ratelimit
from allauth.mfa.base.forms import BaseAuthenticateForm
from allauth.mfa.utils import is_mfa_enabled
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja_jwt.tokens import UntypedToken

from .api_base import (
    ApiError,
    RefreshToken,
    TokenAuth,
    api_url,
    rate_limit,
    responses,
    site_url,
    token_read,
    token_user,
)
from .forms import ProfileForm
from .models import User
from .selectors import (
    account_data_export,
    user_has_verified_email,
    user_takes_donations,
)
from .services.deletion import account_deletion_cancel, account_deletion_request

auth_router = Router(tags=["auth"])
me_router = Router(tags=["me"])

# Who is scheduled for deletion may still see their account and cancel.
pending_deletion_auth = TokenAuth(pending_deletion=True)


class MessageOut(Schema):
    message: str


# Registering and verifying an address


class RegisterIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=4096)
    display_name: str = Field(max_length=150)


@auth_router.post(
    "/register",
    response=responses({202: MessageOut}),
    auth=None,
    url_name="register",
)
def register(request: HttpRequest, payload: RegisterIn):
    """
    Sign up as a student, with the sign-up page's rules, and get an email
    to verify the address (which email-verified courses ask for).
    """
    rate_limit(request, action="register", rate=settings.API_REGISTER_RATE)
    form = SignupForm(
        data={
            "email": payload.email,
            "password1": payload.password,
            "password2": payload.password,
            "display_name": payload.display_name,
        }
    )
    if not form.is_valid():
        raise ApiError(
            400,
            "invalid",
            "Some fields are not valid.",
            fields=_api_field_names(form.errors.get_json_data()),
        )
    with context.request_context(request):
        user = form.save(request)
        user_signed_up.send(sender=User, request=request, user=user)
        EmailAddress.objects.get_for_user(user, user.email).send_confirmation(
            request, signup=True
        )
    return Status(
        202,
        {
            "message": "Check your inbox: we have sent a link to verify the "
            "address. Send its key to POST /api/v1/auth/email/verify."
        },
    )


def _api_field_names(errors: dict[str, list[dict]]) -> dict[str, list[str]]:
    names = {"password1": "password", "password2": "password", "__all__": "request"}
    fields: dict[str, list[str]] = {}
    for name, problems in errors.items():
        for problem in problems:
            fields.setdefault(names.get(name, name), []).append(problem["message"])
    return fields


class VerifyEmailIn(Schema):
    key: str = Field(
        max_length=200,
        description="The last part of the link in the email: "
        "/accounts/confirm-email/<key>/",
    )


@auth_router.post(
    "/email/verify",
    response=responses({200: MessageOut}),
    auth=None,
    url_name="email_verify",
)
def email_verify(request: HttpRequest, payload: VerifyEmailIn):
    """Verify an address with the key of the link emailed to it."""
    rate_limit(request, action="email-verify", rate=settings.API_TOKEN_RATE)
    confirmation = EmailConfirmationHMAC.from_key(
        payload.key
    ) or EmailConfirmation.from_key(payload.key)
    with context.request_context(request):
        address = confirmation.confirm(request) if confirmation else None
    if address is None:
        refusal = (
            "This link is not valid, or has expired or been used. "
            "Ask for a new one at POST /api/v1/auth/email/resend."
        )
        raise ApiError(400, "invalid", refusal, fields={"key": [refusal]})
    return {"message": f"{address.email} is verified."}


class EmailIn(Schema):
    email: str = Field(max_length=254)


@auth_router.post(
    "/email/resend",
    response=responses({202: MessageOut}),
    auth=None,
    url_name="email_resend",
)
def email_resend(request: HttpRequest, payload: EmailIn):
    """Send the verification link again, if the address awaits one; the
    answer is the same either way."""
    rate_limit(
        request,
        action="email-resend",
        rate=settings.API_REGISTER_RATE,
        key=payload.email,
    )
    address = EmailAddress.objects.filter(
        email__iexact=payload.email, verified=False
    ).first()
    if address is not None:
        with context.request_context(request):
            address.send_confirmation(request)
    return Status(
        202,
        {"message": "If that address awaits verification, a new link is on its way."},
    )


# Tokens


class TokenObtainIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=4096)
    code: str = Field(
        "",
        max_length=64,
        description="For members with two-factor sign-in: a code from their "
        "authenticator app, or one of their recovery codes.",
    )


class TokenPairOut(Schema):
    access: str
    refresh: str
    token_type: str = "Bearer"  # noqa: S105 (the scheme, not a secret)
    expires_in: int = Field(description="Seconds until the access token expires.")


def _token_pair(refresh: RefreshToken) -> dict[str, Any]:
    access = refresh.access_token
    return {
        "access": str(access),
        "refresh": str(refresh),
        "expires_in": int(access.lifetime.total_seconds()),
    }


@auth_router.post(
    "/token",
    response=responses({200: TokenPairOut}),
    auth=None,
    url_name="token_obtain",
)
def token_obtain(request: HttpRequest, payload: TokenObtainIn):
    """
    A pair of tokens for an email address and password, and the second
    factor when the member has one: with two-factor sign-in on, a missing
    code is answered with 401 `mfa_required`, and there is no other way in.
    """
    rate_limit(request, action="token", rate=settings.API_TOKEN_RATE, key=payload.email)
    user = authenticate(request, email=payload.email, password=payload.password)
    if user is None:
        raise ApiError(
            401, "invalid_credentials", "That email address and password do not match."
        )
    if is_mfa_enabled(user):
        _second_factor_check(request, user=user, code=payload.code)
    return _token_pair(RefreshToken.for_user(user))


def _second_factor_check(request: HttpRequest, *, user: User, code: str) -> None:
    if not code:
        raise ApiError(
            401,
            "mfa_required",
            "Two-factor sign-in is on for this account: send a code from your "
            "authenticator app, or a recovery code, as `code`.",
        )
    with context.request_context(request):
        form = BaseAuthenticateForm(user=user, data={"code": code})
        if not form.is_valid():
            raise ApiError(
                401,
                "mfa_code_invalid",
                " ".join(form.errors.get("code", ["That code is not valid."])),
            )
        form.authenticator.record_usage()


class RefreshIn(Schema):
    refresh: str = Field(max_length=4096)


@auth_router.post(
    "/token/refresh",
    response=responses({200: TokenPairOut}),
    auth=None,
    url_name="token_refresh",
)
def token_refresh(request: HttpRequest, payload: RefreshIn):
    """A new pair for a refresh token, which is used up (blacklisted)."""
    rate_limit(request, action="token-refresh", rate=settings.API_TOKEN_RATE)
    refresh = token_read(payload.refresh, RefreshToken)
    user = token_user(refresh)
    refresh.blacklist()
    return _token_pair(RefreshToken.for_user(user))


class TokenIn(Schema):
    token: str = Field(max_length=4096)


@auth_router.post(
    "/token/verify",
    response=responses({200: MessageOut}),
    auth=None,
    url_name="token_verify",
)
def token_verify(request: HttpRequest, payload: TokenIn):
    """Whether a token (access or refresh) still works."""
    rate_limit(request, action="token-verify", rate=settings.API_TOKEN_RATE)
    token_user(token_read(payload.token, UntypedToken))
    return {"message": "The token is valid."}


@auth_router.post(
    "/logout",
    response=responses({204: None}),
    auth=None,
    url_name="logout",
)
def logout(request: HttpRequest, payload: RefreshIn):
    """Sign out: the refresh token is blacklisted. Access tokens already
    given out expire by themselves, within minutes."""
    rate_limit(request, action="token-refresh", rate=settings.API_TOKEN_RATE)
    token_read(payload.refresh, RefreshToken).blacklist()
    return Status(204, None)


# The signed-in member


class MeOut(Schema):
    id: int
    url: str
    html_url: str
    email: str
    email_verified: bool
    handle: str
    display_name: str
    role: str
    bio: str
    phone_number: str
    profile_is_public: bool
    # Whether a Donate button shows on their profile and media (teachers
    # always take donations).
    takes_donations: bool
    avatar_url: str | None
    mfa_enabled: bool
    deletion_due_at: datetime | None

    @staticmethod
    def resolve_url(user: User, context) -> str:
        return api_url(context["request"], "me")

    @staticmethod
    def resolve_html_url(user: User, context) -> str:
        return site_url(context["request"], user.get_absolute_url())

    @staticmethod
    def resolve_email_verified(user: User) -> bool:
        return user_has_verified_email(user=user)

    @staticmethod
    def resolve_phone_number(user: User) -> str:
        return str(user.phone_number or "")

    @staticmethod
    def resolve_avatar_url(user: User, context) -> str | None:
        return site_url(context["request"], user.avatar.url if user.avatar else None)

    @staticmethod
    def resolve_takes_donations(user: User) -> bool:
        return user_takes_donations(user=user)

    @staticmethod
    def resolve_mfa_enabled(user: User) -> bool:
        return is_mfa_enabled(user)


@me_router.get(
    "", response=responses({200: MeOut}), auth=pending_deletion_auth, url_name="me"
)
def me_detail(request: HttpRequest):
    """My account, also while it is scheduled for deletion."""
    return request.user


class ProfileIn(Schema):
    display_name: str | None = Field(None, max_length=150)
    handle: str | None = Field(None, max_length=30)
    bio: str | None = Field(None, max_length=1000)
    phone_number: str | None = Field(None, max_length=40)
    profile_is_public: bool | None = None
    takes_donations: bool | None = None


@me_router.patch("", response=responses({200: MeOut}), url_name="me")
def me_update(request: HttpRequest, payload: ProfileIn):
    """Change what you show of yourself; only the fields sent change."""
    _profile_save(request, data=payload.dict(exclude_unset=True))
    return request.user


@me_router.post("/avatar", response=responses({200: MeOut}), url_name="me_avatar")
def me_avatar(request: HttpRequest, avatar: File[UploadedFile]):
    """A new avatar picture (multipart, field `avatar`): JPEG, PNG or WebP."""
    _profile_save(request, data={}, files={"avatar": avatar})
    return request.user


def _profile_save(
    request: HttpRequest, *, data: dict, files: dict | None = None
) -> None:
    """Save through the profile page's own form, so that its rules hold: the
    fields not sent keep their values."""
    form = ProfileForm(user=request.user)
    current = {
        name: "" if form.initial.get(name) is None else form.initial[name]
        for name in form.fields
        if name != "avatar"
    }
    sent = {name: value for name, value in data.items() if value is not None}
    bound = ProfileForm(data={**current, **sent}, files=files, user=request.user)
    if not bound.is_valid():
        raise ApiError(
            400,
            "invalid",
            "Some fields are not valid.",
            fields={name: list(errors) for name, errors in bound.errors.items()},
        )
    bound.save()


@me_router.get(
    "/export",
    response=responses({200: dict[str, Any]}),
    url_name="me_export",
)
def me_export(request: HttpRequest):
    """Everything Lectern keeps about you, as the site's data export."""
    return account_data_export(user=request.user)


class DeletionIn(Schema):
    password: str = Field(max_length=4096)


class DeletionOut(Schema):
    deletion_due_at: datetime
    message: str


@me_router.post(
    "/deletion",
    response=responses({201: DeletionOut}),
    url_name="me_deletion",
)
def me_deletion_request(request: HttpRequest, payload: DeletionIn):
    """
    Ask for your account's deletion, with your password: it is deleted 30
    days later unless you cancel. Meanwhile your tokens work only to see your
    account and to cancel.
    """
    with context.request_context(request):
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            raise ApiError(
                429, "rate_limited", "Too many attempts. Wait a minute and try again."
            )
    try:
        due = account_deletion_request(
            user=request.user,
            password=payload.password,
            cancel_url=request.build_absolute_uri(reverse("members:account_delete")),
        )
    except ValidationError as error:
        raise ApiError(
            400, "invalid", error.messages[0], fields={"password": error.messages}
        ) from error
    return Status(
        201,
        {
            "deletion_due_at": due,
            "message": "Your account will be deleted then, unless you cancel.",
        },
    )


@me_router.delete(
    "/deletion",
    response=responses({204: None}),
    auth=pending_deletion_auth,
    url_name="me_deletion",
)
def me_deletion_cancel(request: HttpRequest):
    """Cancel your account's deletion: your tokens work in full again."""
    account_deletion_cancel(user=request.user)
    return Status(204, None)
