"""
What happens in chat rooms, whichever door it comes through (the socket, a
page, the admin). Changes others must see are broadcast to the room's group
on the channel layer once they are committed.
"""

import json
from datetime import timedelta
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from courses.models import CoursePage
from members.models import User
from members.ratelimit import rate_limit_hit

from .access import (
    mute_refusal,
    user_may_chat_in_course,
    user_may_join_room,
    user_moderates_chat,
    user_moderates_room,
)
from .models import MESSAGE_MAX_LENGTH, Connection, Message, Report, Room, RoomMember
from .selectors import PRESENCE_TIMEOUT, message_frame, presence_entry

MUTE_LONGEST = timedelta(days=7)


class NotInRoom(PermissionDenied):
    """The user may not be in the room (any more): their socket is shown out."""


def course_room_open(*, user: User, course: CoursePage) -> Room:
    """
    The course's room, made the first time one who may chat in the course
    opens it: no room for a draft, or for a course nobody may chat in.
    """
    if not user_may_chat_in_course(user=user, course=course):
        raise PermissionDenied("You are not a member of this course.")
    room, _ = Room.objects.get_or_create(
        course=course, defaults={"kind": Room.Kind.COURSE}
    )
    return room


def room_public_get_or_create() -> Room:
    """The one public room. Its migration makes it; pages only look it up."""
    room, _ = Room.objects.get_or_create(kind=Room.Kind.PUBLIC)
    return room


def direct_room_open(*, user: User, other: User) -> Room:
    """The one room of two members, made the first time either opens it."""
    if other.pk == user.pk or not other.is_active:
        raise ValidationError("Choose someone else to write to.")
    low, high = sorted((user.pk, other.pk))
    with transaction.atomic():
        room, created = Room.objects.get_or_create(
            direct_key=f"{low}:{high}", defaults={"kind": Room.Kind.DIRECT}
        )
        if created:
            RoomMember.objects.bulk_create(
                [RoomMember(room=room, user=user), RoomMember(room=room, user=other)]
            )
    return room


def room_place(*, user: User, room: Room) -> RoomMember:
    """
    The place in the room of a member already in it (`room_join` made it),
    with their account and the room (its course) read again with it, if they
    still may be there: the account read when their socket opened keeps what
    it was then (active, a course's teacher) for good, what was worked out
    for it (members.kept.kept_on_user) is for a request, and the course may
    have been unpublished since. Raises NotInRoom if not.
    """
    member = (
        RoomMember.objects.select_related("user", "room__course")
        .filter(room=room, user_id=user.pk)
        .first()
    )
    if member is None or not user_may_join_room(user=member.user, room=member.room):
        raise NotInRoom("You are no longer a member of this room.")
    return member


def room_join(*, user: User, room: Room) -> RoomMember:
    """
    Check the user may be in the room, and give them their place in it: what
    one speaks as (`message_post`, `message_edit`, `message_report`), so that
    the room's rule is asked once for whatever one does next.
    """
    if not user_may_join_room(user=user, room=room):
        raise NotInRoom("You are no longer a member of this room.")
    member, _ = RoomMember.objects.get_or_create(room=room, user=user)
    # The caller's own objects, so that nothing reads them again.
    member.room, member.user = room, user
    return member


def message_post(*, member: RoomMember, body: str) -> Message:
    """Post as `member`, just given their place by `room_join`."""
    _check_speaker(member=member)
    body = _clean_body(body)
    # One commit for both writes. The author's own messages never count as
    # unread, so their place in the room is not written as well.
    with transaction.atomic():
        message = Message.objects.create(
            room=member.room, author=member.user, body=body
        )
        Room.objects.filter(pk=member.room_id).update(
            last_message_at=message.created_at
        )
        _broadcast(member.room, {"type": "message", "message": message_frame(message)})
    return message


def message_edit(*, member: RoomMember, message: Message, body: str) -> Message:
    """Edits reach everyone as posts do: the same mute and rate limit apply."""
    if message.author_id != member.user_id or message.room_id != member.room_id:
        raise PermissionDenied("You can edit only your own messages.")
    _check_speaker(member=member)
    message.body = _clean_body(body)
    message.edited_at = timezone.now()
    message.save(update_fields=["body", "edited_at"])
    _broadcast(member.room, {"type": "message", "message": message_frame(message)})
    return message


def _check_speaker(*, member: RoomMember) -> None:
    """Whether the member may speak in their room now: not muted, not too fast."""
    if member.is_muted:
        raise PermissionDenied(
            f"You are muted here until {timezone.localtime(member.muted_until):%H:%M}."
        )
    _check_rate(user=member.user, room=member.room)


def message_delete(*, user: User, message: Message) -> None:
    """Delete a message: its author, or whoever moderates the room. Live for all."""
    room = message.room
    if message.author_id != user.pk and not user_moderates_room(user=user, room=room):
        raise PermissionDenied("You can delete only your own messages.")
    message_id = message.pk
    message.delete()
    _broadcast(room, {"type": "deleted", "id": message_id})


def member_mute(*, moderator: User, room: Room, user: User, minutes: int) -> RoomMember:
    if not user_moderates_room(user=moderator, room=room):
        raise PermissionDenied("Only moderators mute members.")
    if refusal := mute_refusal(user=user, room=room):
        raise ValidationError(refusal)
    if not 1 <= minutes <= MUTE_LONGEST.total_seconds() // 60:
        raise ValidationError("Mute for between a minute and a week.")
    # Only someone already in the room: muting must never let anyone in.
    member = RoomMember.objects.filter(room=room, user=user).first()
    if member is None:
        raise ValidationError("They are not in this room.")
    member.muted_until = timezone.now() + timedelta(minutes=minutes)
    member.save(update_fields=["muted_until"])
    _broadcast(
        room,
        {
            "type": "muted",
            "user": user.pk,
            "until": member.muted_until.isoformat(),
        },
    )
    return member


def message_report(*, member: RoomMember, message: Message, reason: str = "") -> Report:
    """`member` (given their place by `room_join`) flags a message of their room."""
    if message.room_id != member.room_id:
        raise PermissionDenied("You can report only messages of your rooms.")
    if message.author_id == member.user_id:
        raise ValidationError("You cannot report your own message.")
    report, _ = Report.objects.get_or_create(
        message=message, reporter=member.user, defaults={"reason": reason[:500]}
    )
    return report


def report_delete_message(*, message: Message, moderator: User) -> None:
    """Upheld: the message goes for everyone, and its reports with it."""
    with transaction.atomic():
        _reports_resolve(
            message=message, moderator=moderator, action="chat.report.delete_message"
        )
        message_delete(user=moderator, message=message)


def report_mute_author(
    *, message: Message, moderator: User, minutes: int
) -> RoomMember:
    """Upheld: the message stays, and its author may not write in the room a while."""
    with transaction.atomic():
        member = member_mute(
            moderator=moderator, room=message.room, user=message.author, minutes=minutes
        )
        _reports_resolve(
            message=message,
            moderator=moderator,
            action="chat.report.mute_author",
            data={"until": member.muted_until.isoformat()},
        )
    return member


def report_dismiss(*, message: Message, moderator: User) -> None:
    """Not upheld: the message stays as it is."""
    _reports_resolve(message=message, moderator=moderator, action="chat.report.dismiss")


def _reports_resolve(
    *, message: Message, moderator: User, action: str, data: dict | None = None
) -> None:
    """
    Close every open report of the message with the moderator's verdict, kept
    on the reports and in the audit log (which outlives a deleted message).
    """
    if not user_moderates_chat(user=moderator):
        raise PermissionDenied("Only chat moderators review reports.")
    with transaction.atomic():
        reports = list(
            Report.objects.select_for_update().filter(
                message=message, resolved_at__isnull=True
            )
        )
        if not reports:
            raise ValidationError("The reports of this message are already resolved.")
        now = timezone.now()
        for report in reports:
            report.resolved_at, report.resolved_by = now, moderator
            report.save(update_fields=["resolved_at", "resolved_by"])
            # A log entry of its own for each: Wagtail's history shows one
            # entry per request and action, whichever object it was about.
            log(instance=report, action=action, user=moderator, data=data, uuid=uuid4())


def room_mark_read(*, user: User, room: Room) -> None:
    RoomMember.objects.filter(room=room, user=user).update(last_read_at=timezone.now())


def connection_open(*, user: User, room: Room, channel_name: str) -> None:
    """A socket joined the room; the others hear of it if the member just arrived."""
    Connection.objects.filter(
        room=room, seen_at__lt=timezone.now() - PRESENCE_TIMEOUT
    ).delete()
    arriving = not _online(user=user, room=room)
    Connection.objects.update_or_create(
        channel_name=channel_name, defaults={"room": room, "user": user}
    )
    if arriving:
        # One's own arrival is in the presence list one is given on joining.
        _broadcast(
            room, {"type": "arrived", "user": presence_entry(user)}, skip=user.pk
        )


def connection_seen(*, channel_name: str) -> None:
    Connection.objects.filter(channel_name=channel_name).update(seen_at=timezone.now())


def connection_close(*, channel_name: str) -> None:
    """A socket left; the others hear of it once the member's last one has."""
    connection = Connection.objects.filter(channel_name=channel_name).first()
    if connection is None:
        return
    connection.delete()
    if not _online(user=connection.user, room=connection.room):
        _broadcast(connection.room, {"type": "left", "user": connection.user_id})


def _online(*, user: User, room: Room) -> bool:
    # Sockets of a process that died stop counting once they go quiet.
    recent = timezone.now() - PRESENCE_TIMEOUT
    return Connection.objects.filter(room=room, user=user, seen_at__gte=recent).exists()


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError("Write something first.")
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            f"Messages may be at most {MESSAGE_MAX_LENGTH} characters long."
        )
    return body


def _check_rate(*, user: User, room: Room) -> None:
    """At most CHAT_RATE_LIMIT_COUNT messages per CHAT_RATE_LIMIT_SECONDS, per room."""
    if rate_limit_hit(
        key=f"chat:{room.pk}:{user.pk}",
        limit=settings.CHAT_RATE_LIMIT_COUNT,
        seconds=settings.CHAT_RATE_LIMIT_SECONDS,
    ):
        raise ValidationError(
            "You are sending messages too fast; wait a moment.", code="rate_limited"
        )


def _broadcast(room: Room, frame: dict, *, skip: int | None = None) -> None:
    """
    Send `frame` to every socket in the room (but `skip`'s, a user id) once
    committed: encoded here once, not once per socket that sends it on.
    """
    event = {"type": "chat.frame", "frame": json.dumps(frame), "skip": skip}
    group = room.group_name

    def send() -> None:
        async_to_sync(get_channel_layer().group_send)(group, event)

    transaction.on_commit(send)
