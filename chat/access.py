"""
Who may be in a chat room, asked when a socket connects and again with
every frame it sends. Course rooms follow the one course rule: a course's
teachers (admins among them) and those granted the course.
"""

from django.contrib.auth.models import AnonymousUser

from courses.access import user_has_course_access, user_teaches_course
from courses.models import CoursePage
from members.models import User
from members.selectors import user_has_verified_email

from .models import Room, RoomMember


def user_may_join_room(*, user: User | AnonymousUser, room: Room) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    match room.kind:
        case Room.Kind.COURSE:
            return room.course is not None and user_may_chat_in_course(
                user=user, course=room.course
            )
        case Room.Kind.DIRECT:
            return RoomMember.objects.filter(room=room, user=user).exists()
        case Room.Kind.PUBLIC:
            return user_has_verified_email(user=user)
    return False


def user_may_chat_in_course(*, user: User | AnonymousUser, course: CoursePage) -> bool:
    """Whether `user` belongs in the course's room, whether or not it exists yet."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user_teaches_course(user=user, course=course) or (
        course.live and user_has_course_access(user=user, course=course)
    )


def user_moderates_chat(*, user: User | AnonymousUser) -> bool:
    """Admins (the Moderators group): every room, and the reports of members."""
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("chat.delete_message")
    )


def user_moderates_room(*, user: User | AnonymousUser, room: Room) -> bool:
    """Admins everywhere; a course's teachers in its room."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user_moderates_chat(user=user):
        return True
    return (
        room.kind == Room.Kind.COURSE
        and room.course is not None
        and user_teaches_course(user=user, course=room.course)
    )


def mute_refusal(*, user: User, room: Room) -> str:
    """Why `user` may not be muted in `room`; empty if they may."""
    if user_moderates_room(user=user, room=room):
        return "Moderators cannot be muted."
    if room.kind == Room.Kind.DIRECT:
        return "Direct rooms have no mutes: leave the room instead."
    return ""
