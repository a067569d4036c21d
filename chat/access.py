"""
Who may be in a chat room, asked when a socket connects, with every frame
it sends, and every 15 to 30 seconds while it is open (chat/consumers.py).
Course rooms follow the one course rule: a course's teachers (admins among
them) and those granted the course.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from courses.access import (
    course_list_granted,
    course_list_taught,
    user_has_course_access,
    user_teaches_course,
)
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


def room_list_joinable(*, user: User | AnonymousUser) -> QuerySet[Room]:
    """The rooms `user` may join (`user_may_join_room`), all at once: for lists."""
    if not user.is_authenticated or not user.is_active:
        return Room.objects.none()
    joinable = Q(
        kind=Room.Kind.DIRECT,
        pk__in=RoomMember.objects.filter(user=user).values("room"),
    ) | Q(kind=Room.Kind.COURSE, course__in=course_list_chattable(user=user))
    if user_has_verified_email(user=user):
        joinable |= Q(kind=Room.Kind.PUBLIC)
    return Room.objects.filter(joinable)


def user_may_chat_in_course(*, user: User | AnonymousUser, course: CoursePage) -> bool:
    """Whether `user` belongs in the course's room, whether or not it exists yet."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user_teaches_course(user=user, course=course) or (
        course.live and user_has_course_access(user=user, course=course)
    )


def course_list_chattable(*, user: User | AnonymousUser) -> QuerySet[CoursePage]:
    """The courses `user` may chat in (`user_may_chat_in_course`), all at once."""
    return CoursePage.objects.filter(
        Q(pk__in=course_list_taught(user=user).values("pk"))
        | Q(pk__in=course_list_granted(user=user).live().values("pk"))
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
