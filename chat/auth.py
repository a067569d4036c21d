"""
Who a chat socket is for when it brings the API's access token rather than
the session cookie, checked by the same rule as the API (members/api_base.py),
and whether what signed a socket in still does (`socket_signs_in`).

A client sends the token as a subprotocol, `Sec-WebSocket-Protocol: bearer,
<token>` (what browsers can send: `new WebSocket(url, ["bearer", token])`),
and the server answers with the "bearer" subprotocol; or, more simply but
where proxies may log it, as `?token=<token>` in the URL.
"""

from importlib import import_module
from urllib.parse import parse_qs

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.utils.crypto import constant_time_compare

from channels.db import database_sync_to_async
from channels.security.websocket import AllowedHostsOriginValidator

from members.api_base import (
    AccessToken,
    ApiError,
    token_user_check,
    user_from_access_token,
)
from members.models import User

BEARER = "bearer"


def socket_token(scope: dict) -> str | None:
    """
    The access token a socket brings, None if it brings none. "bearer"
    offered with nothing after it, or an empty `?token=`, brings an empty
    token, which no user has.
    """
    subprotocols = scope.get("subprotocols") or []
    if BEARER in subprotocols:
        index = subprotocols.index(BEARER)
        return subprotocols[index + 1] if index + 1 < len(subprotocols) else ""
    query = parse_qs(
        scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True
    )
    return query["token"][0] if "token" in query else None


@database_sync_to_async
def socket_token_user(token: str) -> User | None:
    """
    The token's user; None when the API would refuse the token: expired,
    tampered with, or its account gone, deactivated or scheduled for deletion.
    """
    try:
        return user_from_access_token(token)
    except ApiError:
        return None


def socket_signs_in(scope: dict, *, user: User) -> bool:
    """
    Whether what signed the socket in still signs `user` in, their account
    as it is now (read again by the caller). Its token's signature and
    expiry were checked when it opened: as a page a session opened, the
    socket outlives its short-lived token (apps would otherwise drop out of
    the room every few minutes), but not what ends the account's tokens (a
    password change; the account deactivated or scheduled for deletion).
    Its session must still be there, of this account and begun since its
    password last changed: signing out ends it.
    """
    token = socket_token(scope)
    if token is not None:
        try:
            token_user_check(AccessToken(token, verify=False), user=user)
        except ApiError:
            return False
        return True
    return session_signs_in(session_key=scope["session"].session_key, user=user)


def session_signs_in(*, session_key: str | None, user: User) -> bool:
    """
    Whether the session still signs `user` in, as Channels' `get_user`
    found when the socket opened: there (not signed out, not expired), of
    this account, and its hash that of the account's password now.
    """
    if not session_key:
        return False
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    if session.get(SESSION_KEY) != user._meta.pk.value_to_string(user):
        return False
    session_hash = session.get(HASH_SESSION_KEY) or ""
    return constant_time_compare(session_hash, user.get_session_auth_hash())


class OriginOrTokenValidator:
    """
    Sockets signed in by the session cookie must come from the site's own
    pages (Channels' Origin check, against other sites opening them with the
    visitor's cookie); a socket that brings a token is signed in by the
    token alone, so apps without an Origin header may connect.
    """

    def __init__(self, application) -> None:
        self.application = application
        self.origin_checked = AllowedHostsOriginValidator(application)

    async def __call__(self, scope, receive, send):
        if socket_token(scope) is not None:
            return await self.application(scope, receive, send)
        return await self.origin_checked(scope, receive, send)
