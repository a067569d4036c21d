"""
What every app's REST API router shares: who is asking (a JWT access token,
the API's one credential), the one error shape, the one list shape, and rate
limits. The API is mounted in portal/api.py; each app's handlers live in its
own api.py and call that app's services and selectors, as its pages do.

Errors: handlers raise what the services raise (PermissionDenied,
ValidationError, Http404) or `ApiError` for anything else; portal/api.py
turns each into `ErrorOut` with its status.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from allauth.account.adapter import get_adapter as get_account_adapter
from ninja import Field, Schema
from ninja.pagination import PaginationBase
from ninja.parser import Parser
from ninja.security import HttpBearer
from ninja_jwt import tokens
from ninja_jwt.exceptions import TokenError
from ninja_jwt.tokens import Token

from .models import User
from .ratelimit import rate_limit_hit, rate_parse

# The statuses every operation may answer with besides its success.
ERROR_STATUSES = (400, 401, 403, 404, 422, 429)


class ErrorOut(Schema):
    """The one error shape: a stable code for programs, a sentence for
    people, and what was wrong with each field, if fields were at fault."""

    code: str = Field(examples=["permission_denied"])
    message: str = Field(examples=["You may not do that."])
    fields: dict[str, list[str]] = Field(default_factory=dict)
    # Anything else a client can act on, such as what would unlock a lesson.
    detail: dict[str, Any] = Field(default_factory=dict)


class ApiError(Exception):
    """A refusal with its status, code and message, turned into `ErrorOut`."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        fields: dict[str, list[str]] | None = None,
        detail: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}
        self.detail = detail or {}
        self.headers = headers or {}


# An id, in a path or a body: ids beyond what the database stores are
# refused (422), not looked up (SQLite cannot even compare them).
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def api_url(request: HttpRequest, name: str, *args: Any) -> str:
    """The absolute address of the API operation named `name` ("api:<name>")."""
    return request.build_absolute_uri(reverse(f"api:{name}", args=args))


def site_url(request: HttpRequest, path: str | None) -> str | None:
    """The absolute address of a page of the site, None for no page."""
    return request.build_absolute_uri(path) if path else None


class MemberRef(Schema):
    """A member as others see them: their handle, name and profile page."""

    id: int
    handle: str
    display_name: str
    html_url: str

    @staticmethod
    def resolve_display_name(user: User) -> str:
        return user.name

    @staticmethod
    def resolve_html_url(user: User, context) -> str:
        return context["request"].build_absolute_uri(user.get_absolute_url())


def responses(success: dict[int, Any]) -> dict[int, Any]:
    """An operation's `response=`: its successes, and `ErrorOut` for every
    error status, so that the schema tells clients what to expect."""
    return {**success, **dict.fromkeys(ERROR_STATUSES, ErrorOut)}


# Who is asking


def user_token_refusal(user: User) -> str:
    """Why a user's tokens do not work (now), or "" when they do."""
    if not user.is_active:
        return "This account is deactivated."
    if user.deletion_due_at is not None:
        return (
            "This account is scheduled for deletion. Cancel the deletion "
            "(DELETE /api/v1/me/deletion) to use the API again."
        )
    return ""


class TokenAuth(HttpBearer):
    """
    A JWT access token in `Authorization: Bearer …`. A token that is
    expired, tampered with, or whose user is gone, deactivated or scheduled
    for deletion, gets a 401 with the reason.

    `optional`: a request without the header is served as anonymous.
    `pending_deletion`: accounts scheduled for deletion are let in (to see
    and cancel the deletion).

    The request's user is the token's, or anonymous: a session cookie sent
    along by a browser never counts, so that no page can make the API act
    for its visitor (no CSRF).
    """

    openapi_scheme = "bearer"
    openapi_bearerFormat = "JWT"

    def __init__(self, *, optional: bool = False, pending_deletion: bool = False):
        super().__init__()
        self.optional = optional
        self.pending_deletion = pending_deletion

    def __call__(self, request: HttpRequest) -> Any:
        # What the response says depends on the token (members/middleware.py).
        request.token_considered = True
        request.user = AnonymousUser()
        if self.optional and not request.headers.get(self.header):
            return request.user
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = user_from_access_token(token, pending_deletion=self.pending_deletion)
        request.user = user
        # Nor does anything else the session holds (courses/viewer.py).
        request.signed_in_by_token = True
        return user


def password_stamp(user: User) -> str:
    """
    A digest of the user's password hash, which tokens carry: changing or
    resetting the password ends every token given out before, as it ends
    the account's other sessions on the site.
    """
    return salted_hmac(
        "members.api_base.password_stamp", user.password, algorithm="sha256"
    ).hexdigest()[:32]


class PasswordBoundToken:
    @classmethod
    def for_user(cls, user: User) -> Token:
        token = super().for_user(user)
        token["password_stamp"] = password_stamp(user)
        return token


class AccessToken(PasswordBoundToken, tokens.AccessToken):
    pass


class RefreshToken(PasswordBoundToken, tokens.RefreshToken):
    access_token_class = AccessToken


def user_from_access_token(token: str, *, pending_deletion: bool = False) -> User:
    """The user of an access token that works; a 401 saying why otherwise."""
    return token_user(token_read(token), pending_deletion=pending_deletion)


def token_read(token: str, kind: type[Token] = AccessToken) -> Token:
    """A token of `kind`; a 401 if it is expired, tampered with, blacklisted
    or of another kind."""
    try:
        return kind(token)
    except TokenError as error:
        raise ApiError(401, "token_not_valid", str(error)) from error


def token_user(token: Token, *, pending_deletion: bool = False) -> User:
    """
    The user a token was given to, if their tokens work (now): a 401 saying
    why otherwise (`user_token_refusal`). `pending_deletion`: an account
    scheduled for deletion is let in.
    """
    user = User.objects.filter(pk=token.get("user_id")).first()
    if user is None:
        raise ApiError(401, "token_not_valid", "This token's account is gone.")
    token_user_check(token, user=user, pending_deletion=pending_deletion)
    return user


def token_user_check(token: Token, *, user: User, pending_deletion=False) -> None:
    """
    A 401 if `token`, given to `user`, does not work for their account as
    it is now (read by the caller): its password changed since, or the
    account is refused tokens (`user_token_refusal`).
    """
    if not constant_time_compare(token.get("password_stamp", ""), password_stamp(user)):
        raise ApiError(
            401,
            "token_not_valid",
            "This account's password has changed since this token was given: "
            "sign in again.",
        )
    refusal = user_token_refusal(user)
    if refusal and not (pending_deletion and user.is_active):
        raise ApiError(401, "account_unavailable", refusal)


# The default: signed in with a token that works.
token_auth = TokenAuth()
# For what anonymous visitors may also ask; a token, if sent, must work.
optional_token_auth = TokenAuth(optional=True)


def accepts_api_token(view: Callable) -> Callable:
    """
    For the file views that API clients follow links to (lesson files,
    documents, media files): with `Authorization: Bearer <token>`, the
    token's user asks and the session plays no part; a token that does not
    work gets a 401. Without the header, the session asks, as on the site.
    """

    @wraps(view)
    def token_or_session_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.token_considered = True
        if request.headers.get("Authorization", "").lower().startswith("bearer "):
            try:
                optional_token_auth(request)
            except ApiError as error:
                return HttpResponse(
                    error.message,
                    status=401,
                    content_type="text/plain; charset=utf-8",
                    headers={"WWW-Authenticate": 'Bearer realm="api"'},
                )
        return view(request, *args, **kwargs)

    return token_or_session_view


def rate_limit(request: HttpRequest, *, action: str, rate: str, key: str = "") -> None:
    """Refuse with a 429 when `action` by this client (its address, and
    `key` such as an email address) goes over `rate` ("count/seconds")."""
    limit, seconds = rate_parse(rate)
    # The client's address as allauth's limits read it (behind
    # TRUSTED_PROXY_COUNT proxies, from X-Forwarded-For).
    address = get_account_adapter().get_client_ip(request)
    for part in filter(None, (address, key.lower())):
        # Hashed: what a client sends may be long and hold any character.
        digest = hashlib.sha256(part.encode()).hexdigest()
        if rate_limit_hit(key=f"api:{action}:{digest}", limit=limit, seconds=seconds):
            raise ApiError(
                429,
                "rate_limited",
                "Too many attempts. Wait a little and try again.",
                headers={"Retry-After": str(seconds)},
            )


class TextParser(Parser):
    """
    JSON bodies, query strings and form fields as django-ninja reads them,
    refusing NUL characters (as the site's forms do): no text holds them,
    and PostgreSQL can neither store nor compare them.
    """

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if _holds_nul(data):
            # ninja answers 400, "Cannot parse request body".
            raise ValueError("The body holds a NUL character.")
        return data

    def parse_querydict(self, data, list_fields, request: HttpRequest) -> dict:
        parsed = super().parse_querydict(data, list_fields, request)
        refused = [name for name, value in parsed.items() if _holds_nul(value)]
        if refused:
            message = "Null characters are not allowed."
            raise ApiError(
                400, "invalid", message, fields={name: [message] for name in refused}
            )
        return parsed


def _holds_nul(data: Any) -> bool:
    if isinstance(data, str):
        return "\x00" in data
    if isinstance(data, dict):
        return any(_holds_nul(key) or _holds_nul(value) for key, value in data.items())
    if isinstance(data, list):
        return any(map(_holds_nul, data))
    return False


# The one list shape


class PageOut(Schema):
    count: int
    next: str | None = None
    previous: str | None = None
    results: list[Any]


class PagePagination(PaginationBase):
    """
    Lists come a page at a time: `?page=2&page_size=50` (at most 100), with
    the total count and links to the next and previous pages.

    A list whose rows need more than their queryset fetches (related rows,
    what the viewer did with each) subclasses it with `prepare_page`.
    """

    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int = Field(20, ge=1, le=100)

    Output = PageOut
    items_attribute = "results"

    def paginate_queryset(self, queryset, pagination: Input, request, **params):
        # Querysets and search results count in the database, lists by length.
        count = len(queryset) if isinstance(queryset, list) else queryset.count()
        start = (pagination.page - 1) * pagination.page_size
        results = list(queryset[start : start + pagination.page_size])
        self.prepare_page(results, request)
        return {
            "count": count,
            "next": _page_link(request, pagination.page + 1)
            if start + pagination.page_size < count
            else None,
            "previous": _page_link(request, pagination.page - 1)
            if pagination.page > 1
            else None,
            "results": results,
        }

    def prepare_page(self, rows: list, request: HttpRequest) -> None:
        """Make a page's rows ready to show: a few queries for the whole page,
        rather than some for each row."""


def _page_link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
