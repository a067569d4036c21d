"""
The chat socket: ws/chat/<room id>/, for the member signed in by the
session cookie or, as API clients do, by the API's access token (see
chat/auth.py): `Sec-WebSocket-Protocol: bearer, <token>`, or `?token=`. A
socket signed in by neither (or by a token that the API would refuse,
whatever the session) is turned away, and so is one who may not join the
room: closed before being accepted (4401, 4403), which the server sends as
HTTP 403 to the handshake. Outside a browser, send an Origin header naming
this site, as browsers do.

Frames from the client are JSON objects with a "type":

- ``message`` {body}: post; ``edit`` {id, body}; ``delete`` {id}
- ``history`` {before} or {after}: the page of messages before that id, or
  after it (a client back from a dropped connection asks for what it missed
  after the last id it saw, page by page until the page is ``complete``)
- ``read``: everything so far is read; ``ping``: still here
- ``report`` {id, reason}; ``mute`` {user, minutes} (moderators)

The server sends ``history``, ``message`` (new or edited), ``deleted``,
``presence`` (who is online, on joining), then ``arrived`` {user} and
``left`` {user id} as members come and go, ``muted``, ``reported`` and
``error`` {code, message} frames.
Refusals are error frames, and so is any frame that is not a JSON object
(binary, malformed, nested too deep, longer than FRAME_MAX_LENGTH); the
connection stays open unless the member has lost their place in the room,
which is asked again with every frame they send and every RECHECK_SECONDS
or so, with their account read again: so is whether what signed the socket
in still does (signing out, a password change, the account refused tokens
end it: an error frame ``signed_out``, then a close with 4401).
"""

import asyncio
import json
import logging
import random

from django.core.exceptions import PermissionDenied, ValidationError

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from members.models import User

from . import services
from .auth import BEARER, socket_signs_in, socket_token, socket_token_user
from .models import MESSAGE_MAX_LENGTH, Message, Room, RoomMember
from .selectors import (
    HISTORY_PAGE,
    message_frame,
    message_list_for_room,
    presence_list_for_room,
)

# Close codes: the socket is not signed in (no session, or the access token
# it brought was refused; or its sign-in has ended since, after which the
# page's client tries once more, as its session may only have a new key);
# its member may not join the room, or lost their place in it; their place
# could not be checked (the client connects again, and is checked then).
NOT_SIGNED_IN = 4401
NOT_A_MEMBER = 4403
CHECK_FAILED = 1011
# The longest frame read: room for a longest message with every character
# escaped (one emoji is the 12 characters \ud83d\ude00).
FRAME_MAX_LENGTH = 16 * MESSAGE_MAX_LENGTH
# How long a socket goes on hearing the room before its member is checked
# again, whether or not anyone speaks.
RECHECK_SECONDS = 30

logger = logging.getLogger(__name__)


class ShownOut(Exception):
    """The socket may no longer hear the room: why, and its close code."""

    def __init__(self, close_code: int, code: str, message: str) -> None:
        super().__init__(message)
        self.close_code, self.code, self.message = close_code, code, message


class ChatConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        token = socket_token(self.scope)
        self.user = (
            self.scope["user"] if token is None else await socket_token_user(token)
        )
        if self.user is None or not self.user.is_authenticated:
            await self.close(code=NOT_SIGNED_IN)
            return
        self.room = await database_sync_to_async(self._join)()
        if self.room is None:
            await self.close(code=NOT_A_MEMBER)
            return
        self.is_member = True
        await self.channel_layer.group_add(self.room.group_name, self.channel_name)
        # A client that sent its token as a subprotocol expects it named back.
        offered = self.scope.get("subprotocols") or []
        await self.accept(subprotocol=BEARER if BEARER in offered else None)
        history, online = await database_sync_to_async(self._opening)()
        await self.send_json(
            {"type": "history", "messages": history, "complete": False}
        )
        await self.send_json({"type": "presence", "online": online})
        self.rechecks = asyncio.create_task(self._recheck())

    async def __call__(self, scope, receive, send) -> None:
        # However the consumer ends (the client gone, a failure, the server
        # stopping), its rechecks end with it.
        try:
            await super().__call__(scope, receive, send)
        finally:
            if rechecks := getattr(self, "rechecks", None):
                rechecks.cancel()

    async def disconnect(self, code: int) -> None:
        if getattr(self, "room", None) is None:
            return
        await self.channel_layer.group_discard(self.room.group_name, self.channel_name)
        await database_sync_to_async(services.connection_close)(
            channel_name=self.channel_name
        )

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs
    ) -> None:
        # Channels' own raises on a binary frame or one that is not JSON,
        # and the server then closes the socket with 1011.
        try:
            content = _frame_content(text_data)
        except ValidationError as error:
            await self._error(_code(error), _text(error))
            return
        await self.receive_json(content, **kwargs)

    async def receive_json(self, content: dict, **kwargs) -> None:
        try:
            await self._receive(content)
        except Exception:
            # Whatever a frame holds, the socket answers and stays up.
            logger.exception("Chat frame failed in room %s", self.room.pk)
            await self._error("invalid", "That could not be done.")

    async def _receive(self, content: dict) -> None:
        frame_type = content.get("type")
        handler = (
            FRAME_HANDLERS.get(frame_type) if isinstance(frame_type, str) else None
        )
        if handler is None:
            await self._error("unknown", "Unknown frame.")
            return
        try:
            reply = await database_sync_to_async(self._handle)(handler, content)
        except ShownOut as out:
            await self._show_out(out)
            return
        except (PermissionDenied, ValidationError, Message.DoesNotExist) as error:
            await self._error(_code(error), _text(error))
            return
        if reply is not None:
            await self.send_json(reply)

    def _handle(self, handler, content: dict) -> dict | None:
        """
        A frame, in one trip to the database thread: the member's place is
        asked for once (`_place`), and the frame is done as that place.
        """
        return handler(self, self._place(), content)

    def _place(self) -> RoomMember:
        """
        The member's place in the room, the room's rule asked once
        (`room_place`) of the account and the room as they are now, while
        what signed the socket in still signs that account in. Raises
        ShownOut if not.
        """
        try:
            member = services.room_place(user=self.user, room=self.room)
        except services.NotInRoom as error:
            raise ShownOut(NOT_A_MEMBER, "forbidden", str(error)) from error
        if not socket_signs_in(self.scope, user=member.user):
            raise ShownOut(
                NOT_SIGNED_IN, "signed_out", "You are signed out: sign in to chat."
            )
        self.room, self.user = member.room, member.user
        return member

    # Frames from the client, handled in the database thread.

    def _post(self, member: RoomMember, content: dict) -> None:
        services.message_post(member=member, body=_string(content, "body"))

    def _edit(self, member: RoomMember, content: dict) -> None:
        services.message_edit(
            member=member, message=self._message(content), body=_string(content, "body")
        )

    def _delete(self, member: RoomMember, content: dict) -> None:
        services.message_delete(user=self.user, message=self._message(content))

    def _history(self, member: RoomMember, content: dict) -> dict:
        before, after = content.get("before"), content.get("after")
        if isinstance(after, int):
            messages = message_list_for_room(room=self.room, after=after)
            return {
                "type": "history",
                "after": after,
                "messages": [message_frame(message) for message in messages],
                "complete": len(messages) < HISTORY_PAGE,
            }
        if not isinstance(before, int):
            raise ValidationError("Say which message to page back from.")
        messages = message_list_for_room(room=self.room, before=before)
        return {
            "type": "history",
            "messages": [message_frame(message) for message in messages],
            "complete": not messages,
        }

    def _read(self, member: RoomMember, content: dict) -> None:
        services.room_mark_read(user=self.user, room=self.room)

    def _ping(self, member: RoomMember, content: dict) -> None:
        services.connection_seen(channel_name=self.channel_name)

    def _report(self, member: RoomMember, content: dict) -> dict:
        report = services.message_report(
            member=member,
            message=self._message(content),
            reason=_string(content, "reason", required=False),
        )
        return {"type": "reported", "id": report.message_id}

    def _mute(self, member: RoomMember, content: dict) -> None:
        user_id, minutes = content.get("user"), content.get("minutes")
        user = (
            User.objects.filter(pk=user_id, is_active=True).first()
            if isinstance(user_id, int)
            else None
        )
        if user is None or not isinstance(minutes, int):
            raise ValidationError("Say whom to mute, and for how many minutes.")
        services.member_mute(
            moderator=self.user, room=self.room, user=user, minutes=minutes
        )

    # Events from the room's group, sent on to this client while it is a
    # member: one who lost their place (left the course, a refund) hears
    # nothing more, whether or not they send anything.

    async def chat_frame(self, event: dict) -> None:
        """A frame for the room (services._broadcast), already encoded."""
        if event["skip"] != self.user.pk and self.is_member:
            await self.send(text_data=event["frame"])

    # Helpers.

    def _join(self) -> Room | None:
        """The room, once the user has their place in it; None if they may not."""
        room = (
            Room.objects.select_related("course")
            .filter(pk=self.scope["url_route"]["kwargs"]["room_id"])
            .first()
        )
        try:
            return room and services.room_join(user=self.user, room=room).room
        except services.NotInRoom:
            return None

    async def _recheck(self) -> None:
        """
        Show the member out once they no longer belong in the room, asked
        again every RECHECK_SECONDS or so for as long as the socket is open
        (and with every frame they send, in `_handle`). Apart from the
        messages: a delivery never waits for the database, and a member who
        lost their place is shown out even while nobody speaks.
        """
        while self.is_member:
            await asyncio.sleep(recheck_delay())
            try:
                await database_sync_to_async(self._place)()
            except ShownOut as out:
                await self._show_out(out)
            except Exception:
                # Unchecked, the socket would go on hearing the room.
                logger.exception(
                    "Chat membership check failed in room %s", self.room.pk
                )
                self.is_member = False
                await self.close(code=CHECK_FAILED)
                return

    async def _show_out(self, out: ShownOut) -> None:
        """Once, whether a frame or a recheck finds the member out first."""
        if not self.is_member:
            return
        self.is_member = False
        await self._error(out.code, out.message)
        await self.close(code=out.close_code)

    def _opening(self) -> tuple[list[dict], list[dict]]:
        # The page and this opening frame show the latest messages: read.
        services.room_mark_read(user=self.user, room=self.room)
        services.connection_open(
            user=self.user, room=self.room, channel_name=self.channel_name
        )
        history = [
            message_frame(message) for message in message_list_for_room(room=self.room)
        ]
        return history, presence_list_for_room(room=self.room)

    def _message(self, content: dict) -> Message:
        return Message.objects.select_related("room__course", "author").get(
            pk=content.get("id") if isinstance(content.get("id"), int) else None,
            room=self.room,
        )

    async def _error(self, code: str, message: str) -> None:
        await self.send_json({"type": "error", "code": code, "message": message})


FRAME_HANDLERS = {
    "message": ChatConsumer._post,
    "edit": ChatConsumer._edit,
    "delete": ChatConsumer._delete,
    "history": ChatConsumer._history,
    "read": ChatConsumer._read,
    "ping": ChatConsumer._ping,
    "report": ChatConsumer._report,
    "mute": ChatConsumer._mute,
}


def recheck_delay() -> float:
    """
    The wait before a socket's member is checked again: between half of
    RECHECK_SECONDS and all of it, drawn afresh each time, so that members
    who joined together are not all asked at once, then again together.
    """
    return RECHECK_SECONDS * random.uniform(0.5, 1)  # noqa: S311 (a time, not a secret)


def _frame_content(text_data: str | None) -> dict:
    """A client's frame as the JSON object it must be."""
    if text_data is None:
        raise ValidationError("Send frames as JSON text.")
    if len(text_data) > FRAME_MAX_LENGTH:
        raise ValidationError("That frame is too long.", code="too_large")
    try:
        content = json.loads(text_data)
    except (ValueError, RecursionError):
        # RecursionError: nested too deep to parse.
        content = None
    if not isinstance(content, dict):
        raise ValidationError("Frames are JSON objects.")
    return content


def _string(content: dict, key: str, *, required: bool = True) -> str:
    value = content.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValidationError("Write something first.")
    return value


def _code(error: Exception) -> str:
    if isinstance(error, PermissionDenied):
        return "forbidden"
    if isinstance(error, Message.DoesNotExist):
        return "not_found"
    return getattr(error, "code", None) or "invalid"


def _text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, Message.DoesNotExist):
        return "That message is gone."
    return str(error) or "Not allowed."
