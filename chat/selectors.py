from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from members.models import User

from .models import Connection, Message, Room, RoomMember

HISTORY_PAGE = 50
# A socket that has not said it is still there for this long is gone.
PRESENCE_TIMEOUT = timedelta(seconds=90)


def message_frame(message: Message) -> dict:
    """A message as the socket sends it. The body is plain text: clients
    show it as text, never as HTML."""
    return {
        "id": message.pk,
        "body": message.body,
        "author": {
            "id": message.author_id,
            "name": str(message.author),
            "url": message.author.get_absolute_url(),
        },
        "created_at": message.created_at.isoformat(),
        "edited": message.edited_at is not None,
    }


def room_history(*, room: Room, before: int | None = None) -> list[Message]:
    """A page of messages, oldest first, up to (not including) `before`."""
    messages = Message.objects.filter(room=room).select_related("author")
    if before is not None:
        messages = messages.filter(pk__lt=before)
    return list(reversed(messages.order_by("-pk")[:HISTORY_PAGE]))


def room_presence(*, room: Room) -> list[dict]:
    """Who is online in the room, across every server process."""
    recent = timezone.now() - PRESENCE_TIMEOUT
    users = User.objects.filter(
        pk__in=Connection.objects.filter(room=room, seen_at__gte=recent).values(
            "user_id"
        )
    ).order_by("display_name", "first_name", "pk")
    return [presence_entry(user) for user in users]


def presence_entry(user: User) -> dict:
    return {"id": user.pk, "name": str(user)}


@dataclass(frozen=True)
class RoomSummary:
    room: Room
    title: str
    unread: int


def rooms_of(*, user: User) -> list[RoomSummary]:
    """My chats: every room I have a place in, newest activity first."""
    members = (
        RoomMember.objects.filter(user=user)
        .select_related("room__course")
        .annotate(
            unread=Count(
                "room__messages",
                filter=Q(room__messages__created_at__gt=F("last_read_at"))
                & ~Q(room__messages__author=user),
            )
        )
        .order_by(F("room__last_message_at").desc(nulls_last=True), "-room__pk")
    )
    titles = room_titles(user=user, rooms=[member.room for member in members])
    return [
        RoomSummary(
            room=member.room, title=titles[member.room_id], unread=member.unread
        )
        for member in members
    ]


def room_titles(*, user: User, rooms: list[Room]) -> dict[int, str]:
    """What each room is called for `user`: a direct room by the other member."""
    others = {
        member.room_id: member.user
        for member in RoomMember.objects.filter(
            room__in=[room.pk for room in rooms if room.kind == Room.Kind.DIRECT]
        )
        .exclude(user=user)
        .select_related("user")
    }
    return {room.pk: str(others.get(room.pk, room)) for room in rooms}
