"""
The REST API's chat (mounted in portal/api.py): my rooms with what is
unread, a room, and its history a page at a time, going back. Messages are
sent, edited and marked read on the room's websocket (chat/consumers.py),
which takes the same access token; history comes in the socket's own
representation of a message (`message_frame`), so that clients read both
alike. Reading here, as on the room's page, marks nothing read.
"""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from courses.api import CourseRef
from members.api_base import Id, PagePagination, api_url, responses, site_url

from .access import user_may_join_room
from .models import Room
from .selectors import (
    HISTORY_PAGE,
    message_count_for_room,
    message_frame,
    message_last_map,
    message_list_for_room,
    room_list_for,
    room_title_map,
)

router = Router(tags=["chat"])


class ChatMessageAuthorOut(Schema):
    id: int
    name: str
    # The author's profile page, a path on the site.
    url: str


class ChatMessageOut(Schema):
    """A message as the socket sends it (`message_frame`)."""

    id: int
    # Plain text: show it as text, never as HTML.
    body: str
    author: ChatMessageAuthorOut
    created_at: str = Field(examples=["2025-01-31T09:30:00.123456+00:00"])
    edited: bool


class ChatMessagePageOut(Schema):
    """
    A page of a room's history, oldest first; `next` goes further back, and
    nothing comes forward (new messages come over the socket). `count` is
    every message in the room.
    """

    count: int
    next: str | None
    previous: None = None
    results: list[ChatMessageOut]


class RoomOut(Schema):
    id: int
    url: str
    html_url: str
    # What the room is called for me: a direct room by the other member.
    title: str
    kind: str
    course: CourseRef | None
    messages_url: str
    # The socket to join to send and hear messages: ws:// or wss://.
    websocket_url: str


class RoomSummaryOut(RoomOut):
    # What others wrote since I last read the room.
    unread: int
    last_message: ChatMessageOut | None


def _room_out(request: HttpRequest, *, room: Room, title: str) -> dict:
    # The room's socket as chat/routing.py routes it: http(s) becomes ws(s).
    websocket_url = request.build_absolute_uri(f"/ws/chat/{room.pk}/")
    return {
        "id": room.pk,
        "url": api_url(request, "chat_room_detail", room.pk),
        "html_url": site_url(request, room.get_absolute_url()),
        "title": title,
        "kind": room.kind,
        "course": room.course,
        "messages_url": api_url(request, "chat_room_message_list", room.pk),
        "websocket_url": "ws" + websocket_url.removeprefix("http"),
    }


def _room_for(request: HttpRequest, room_id: int) -> Room:
    """A room I may join; any other is not found, as if it were not there."""
    room = get_object_or_404(Room.objects.select_related("course"), pk=room_id)
    if not user_may_join_room(user=request.user, room=room):
        raise Http404
    return room


@router.get(
    "/rooms",
    response=responses({200: list[RoomSummaryOut]}),
    url_name="chat_room_list",
)
@paginate(PagePagination)
def room_list(request: HttpRequest) -> list[dict]:
    """My rooms, newest activity first, with their unread counts."""
    summaries = room_list_for(user=request.user)
    last_messages = message_last_map(rooms=[summary.room for summary in summaries])
    return [
        {
            **_room_out(request, room=summary.room, title=summary.title),
            "unread": summary.unread,
            "last_message": message_frame(last_messages[summary.room.pk])
            if summary.room.pk in last_messages
            else None,
        }
        for summary in summaries
    ]


@router.get(
    "/rooms/{room_id}",
    response=responses({200: RoomOut}),
    url_name="chat_room_detail",
)
def room_detail(request: HttpRequest, room_id: Id) -> dict:
    """
    A room I may join. Messages are sent and heard on its `websocket_url`,
    signed in by the same access token, sent as a subprotocol:
    `Sec-WebSocket-Protocol: bearer, <token>` (in a browser,
    `new WebSocket(url, ["bearer", token])`), which the server answers with
    "bearer"; or, for clients that cannot, as `?token=<token>`, which
    proxies may log. Clients outside a browser also send an `Origin`
    naming this site. The handshake is refused (HTTP 403) for a token the
    API would refuse (refresh it and try again) and for a room one may not
    join. The socket's frames are described in chat/consumers.py.
    """
    room = _room_for(request, room_id)
    title = room_title_map(user=request.user, rooms=[room])[room.pk]
    return _room_out(request, room=room, title=title)


class HistoryQuery(Schema):
    # The page before this message id; the latest page without it.
    before: int | None = Field(None, ge=1)


@router.get(
    "/rooms/{room_id}/messages",
    response=responses({200: ChatMessagePageOut}),
    url_name="chat_room_message_list",
)
def room_message_list(
    request: HttpRequest, room_id: Id, query: Query[HistoryQuery]
) -> dict:
    """
    A room's messages, 50 at a time, oldest first: the latest page, or
    the one before `?before=<message id>`. Every full page has a `next`, so the
    last of them may lead to an empty one.
    """
    room = _room_for(request, room_id)
    messages = message_list_for_room(room=room, before=query.before)
    next_url = None
    # As on the room's page: a full page may have older messages before it.
    if len(messages) == HISTORY_PAGE:
        messages_url = api_url(request, "chat_room_message_list", room.pk)
        next_url = f"{messages_url}?before={messages[0].pk}"
    return {
        "count": message_count_for_room(room=room),
        "next": next_url,
        "results": [message_frame(message) for message in messages],
    }
