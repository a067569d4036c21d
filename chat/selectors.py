from dataclasses import dataclass
from datetime import timedelta

from django.db.models import (
    Count,
    DateTimeField,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from courses.selectors import course_list_of_member
from members.models import User

from .access import room_list_joinable
from .models import Connection, Message, Report, Room, RoomMember

HISTORY_PAGE = 50
# How many messages either side of a reported one its reviewers see.
REPORT_CONTEXT = 3
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


def message_list_for_room(
    *, room: Room, before: int | None = None, after: int | None = None
) -> list[Message]:
    """
    A page of messages, oldest first: the latest, those up to (not including)
    `before`, or the first ones after `after` (what a client missed).
    """
    messages = Message.objects.filter(room=room).select_related("author")
    if after is not None:
        return list(messages.filter(pk__gt=after).order_by("pk")[:HISTORY_PAGE])
    if before is not None:
        messages = messages.filter(pk__lt=before)
    return list(reversed(messages.order_by("-pk")[:HISTORY_PAGE]))


def message_count_for_room(*, room: Room) -> int:
    return Message.objects.filter(room=room).count()


def message_in_context(
    *, message: Message, size: int = REPORT_CONTEXT
) -> list[Message]:
    """The message among the `size` messages before and after it in its room."""
    room_messages = Message.objects.filter(room=message.room_id).select_related(
        "author"
    )
    before = room_messages.filter(pk__lt=message.pk).order_by("-pk")[:size]
    after = room_messages.filter(pk__gt=message.pk).order_by("pk")[:size]
    return [*reversed(before), message, *after]


def report_list_for_message(*, message: Message) -> list[Report]:
    """Everyone's reports of the message, first first, open or resolved."""
    return list(
        Report.objects.filter(message=message)
        .select_related("reporter", "resolved_by")
        .order_by("created_at", "pk")
    )


def message_data_export(*, user: User) -> dict:
    """The member's messages, for the export of their account's data."""
    return {
        "chat_messages": [
            {
                "room": str(message.room),
                "body": message.body,
                "at": message.created_at.isoformat(),
            }
            for message in Message.objects.filter(author=user).select_related(
                "room__course"
            )
        ]
    }


def presence_list_for_room(*, room: Room) -> list[dict]:
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


def room_list_for(*, user: User) -> list[RoomSummary]:
    """
    My chats: every room I may be in, newest activity first: those I have
    a place in, my courses' rooms once opened, and the public room. Unread
    is what others wrote since I last read the room (or since I joined).
    """
    last_read = RoomMember.objects.filter(room=OuterRef("pk"), user=user).values(
        "last_read_at"
    )[:1]
    rooms = list(
        # Leaving a course, or its being unpublished, takes its room off the list.
        room_list_joinable(user=user)
        .filter(
            Q(pk__in=RoomMember.objects.filter(user=user).values("room"))
            | Q(course__in=course_list_of_member(user=user).values("pk"))
            | Q(kind=Room.Kind.PUBLIC)
        )
        .select_related("course")
        .annotate(
            read_up_to=Coalesce(
                Subquery(last_read),
                Value(user.date_joined),
                output_field=DateTimeField(),
            )
        )
        .annotate(
            unread=Count(
                "messages",
                filter=Q(messages__created_at__gt=F("read_up_to"))
                & ~Q(messages__author=user),
            ),
        )
        .order_by(F("last_message_at").desc(nulls_last=True), "-pk")
    )
    titles = room_title_map(user=user, rooms=rooms)
    return [
        RoomSummary(room=room, title=titles[room.pk], unread=room.unread)
        for room in rooms
    ]


def message_last_map(*, rooms: list[Room]) -> dict[int, Message]:
    """The latest message of each of `rooms` that has one, by room id."""
    latest = (
        Message.objects.filter(room__in=[room.pk for room in rooms])
        .values("room")
        .annotate(latest=Max("pk"))
        .values("latest")
    )
    return {
        message.room_id: message
        for message in Message.objects.filter(pk__in=latest).select_related("author")
    }


def room_title_map(*, user: User, rooms: list[Room]) -> dict[int, str]:
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
