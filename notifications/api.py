"""
The REST API's notifications (mounted in portal/api.py): a member's own,
newest first, how many are unread, marking them read, and which of their
courses email them new lessons, as the notifications page does.
"""

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from ninja import Router, Schema
from ninja.pagination import paginate

from members.api_base import (
    Id,
    MemberRef,
    PagePagination,
    api_url,
    responses,
    site_url,
)

from .models import Notification
from .selectors import (
    course_email_choices,
    notification_list,
    notification_target,
    notification_unread_count,
)
from .services import (
    course_email_subscribe,
    notification_mark_all_read,
    notification_mark_read,
)

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    url: str
    # What happened, for programs ("community.reply", ...) and for people.
    kind: str
    text: str
    # Where it happened, on the site.
    html_url: str
    # The member who did what it tells of.
    actor: MemberRef | None
    read: bool
    created_at: datetime

    @staticmethod
    def resolve_url(notification: Notification, context) -> str:
        return api_url(context["request"], "notification_detail", notification.pk)

    @staticmethod
    def resolve_html_url(notification: Notification, context) -> str:
        return site_url(context["request"], notification_target(notification))

    @staticmethod
    def resolve_read(notification: Notification) -> bool:
        return notification.is_read


class UnreadCountOut(Schema):
    unread: int


class MarkedReadOut(Schema):
    marked_read: int


class CourseEmailOut(Schema):
    course_id: int
    course_title: str
    # Whether the course emails me its new lessons (at most once a day).
    subscribed: bool

    @staticmethod
    def resolve_course_id(course) -> int:
        return course.pk

    @staticmethod
    def resolve_course_title(course) -> str:
        return course.title

    @staticmethod
    def resolve_subscribed(course) -> bool:
        return course.email_subscribed


class CourseEmailIn(Schema):
    subscribed: bool


@router.get(
    "",
    response=responses({200: list[NotificationOut]}),
    url_name="notification_list",
)
@paginate(PagePagination)
def notification_list_mine(request: HttpRequest):
    """My notifications, newest first."""
    return notification_list(user=request.user)


@router.get(
    "/unread-count",
    response=responses({200: UnreadCountOut}),
    url_name="notification_unread_count",
)
def notification_unread_count_mine(request: HttpRequest) -> dict:
    """How many of my notifications are unread."""
    return {"unread": notification_unread_count(user=request.user)}


@router.post(
    "/read-all",
    response=responses({200: MarkedReadOut}),
    url_name="notification_mark_all_read",
)
def notification_read_all(request: HttpRequest) -> dict:
    """Mark every notification of mine read; says how many were unread."""
    return {"marked_read": notification_mark_all_read(user=request.user)}


@router.get(
    "/course-emails",
    response=responses({200: list[CourseEmailOut]}),
    url_name="notification_course_email_list",
)
def course_email_list_mine(request: HttpRequest):
    """The courses I am enrolled in, and whether each emails me its new lessons."""
    return course_email_choices(user=request.user)


@router.put(
    "/course-emails/{course_id}",
    response=responses({200: CourseEmailOut}),
    url_name="notification_course_email",
)
def course_email_set(request: HttpRequest, course_id: Id, choice: CourseEmailIn):
    """Start or stop a course's emails of new lessons (only for my courses)."""
    return course_email_subscribe(
        user=request.user, course_id=course_id, subscribed=choice.subscribed
    )


@router.get(
    "/{notification_id}",
    response=responses({200: NotificationOut}),
    url_name="notification_detail",
)
def notification_detail(request: HttpRequest, notification_id: Id) -> Notification:
    """One of my notifications (anyone else's is not found)."""
    return get_object_or_404(notification_list(user=request.user), pk=notification_id)


@router.post(
    "/{notification_id}/read",
    response=responses({200: NotificationOut}),
    url_name="notification_mark_read",
)
def notification_read(request: HttpRequest, notification_id: Id) -> Notification:
    """Mark one of my notifications read (anyone else's is not found)."""
    return notification_mark_read(user=request.user, pk=notification_id)
