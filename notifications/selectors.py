"""
Reads about notifications: a member's list and unread count, where one
leads, the digests and course emails due, which of them a member gets, and
their part of the data export.
"""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from courses.access import lesson_in_courses
from courses.models import CoursePage, Enrollment, LessonPage
from courses.selectors import lesson_list_served
from members.kept import kept_value
from members.models import User
from members.selectors import user_list_with_verified_email

from .models import AnnouncedLesson, CourseEmail, EmailDigest, Notification

# A member gets at most one digest in this time,
DIGEST_INTERVAL = timedelta(hours=1)
# and at most one email of each course's new lessons in this time.
COURSE_EMAIL_INTERVAL = timedelta(days=1)
# A course's email waits this long after the first new lesson it tells of,
# so that lessons published one after another go in one email.
COURSE_EMAIL_DELAY = timedelta(minutes=15)
# Bounds what no signal announces: a course's notifications deleted with it.
UNREAD_COUNT_KEPT_SECONDS = 600


def notification_list(*, user: User) -> QuerySet[Notification]:
    """The member's notifications, newest first."""
    return Notification.objects.filter(recipient=user).select_related("actor")


def notification_target(notification: Notification) -> str:
    """
    Where a notification leads: where it happened, if that is a path on
    this site; else the list of notifications.
    """
    if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return notification.url
    return reverse("notifications:list")


def notification_unread_count(*, user: User) -> int:
    """
    How many of the member's notifications are unread: every signed-in page
    shows it, so it is kept in the shared cache (members/kept.py) until one
    of them is sent, read or deleted (`notification_unread_changed`), at
    most UNREAD_COUNT_KEPT_SECONDS.
    """
    return kept_value(
        f"notifications:unread:{user.pk}",
        versions=(unread_count_version_key(user.pk),),
        compute=lambda: Notification.objects.filter(
            recipient=user, read_at__isnull=True
        ).count(),
        seconds=UNREAD_COUNT_KEPT_SECONDS,
    )


def unread_count_version_key(user_id: int) -> str:
    return f"notifications:unread-version:{user_id}"


def lesson_list_unannounced() -> QuerySet[LessonPage]:
    """
    The lessons a course's students could be told of and have not been: the
    open ones the site serves (lesson_list_served), in open courses, that
    were not announced before.
    """
    open_courses = CoursePage.objects.live().exclude(
        availability=CoursePage.Availability.COMING_SOON
    )
    return (
        lesson_list_served()
        .filter(lesson_in_courses(open_courses))
        .exclude(availability=LessonPage.Availability.COMING_SOON)
        .exclude(Exists(AnnouncedLesson.objects.filter(lesson=OuterRef("pk"))))
    )


def notification_list_unsent(*, now: datetime) -> QuerySet[Notification]:
    """
    The notifications an email could carry now: unread and not yet emailed,
    of active members with a verified address.
    """
    return Notification.objects.filter(
        read_at__isnull=True,
        emailed_at__isnull=True,
        created_at__lte=now,
        recipient__is_active=True,
        recipient__in=user_list_with_verified_email(),
    )


def notification_list_digest_due(*, now: datetime) -> QuerySet[Notification]:
    """
    The notifications a digest should carry now: unsent, of no course (see
    course_email_list_due), to members who have not unsubscribed and whose
    last digest went at least DIGEST_INTERVAL ago.
    """
    return (
        notification_list_unsent(now=now)
        .filter(course__isnull=True)
        .exclude(recipient__email_digest__subscribed=False)
        .exclude(recipient__email_digest__last_sent_at__gt=now - DIGEST_INTERVAL)
    )


def digest_is_subscribed(*, user: User) -> bool:
    """Whether the member gets the email digest (everyone does until they stop it)."""
    return not EmailDigest.objects.filter(user=user, subscribed=False).exists()


def course_email_list_due(*, now: datetime) -> list[tuple[int, int]]:
    """
    The (member id, course id) pairs whose course email should go now: the
    member has unsent notifications of the course's new lessons, the first
    at least COURSE_EMAIL_DELAY old, is still enrolled in the course, which
    is still published, has not unsubscribed from it, and its last email
    went at least COURSE_EMAIL_INTERVAL ago.
    """
    enrolled = Enrollment.objects.filter(
        user=OuterRef("recipient_id"), course=OuterRef("course_id")
    )
    held_back = CourseEmail.objects.filter(
        user=OuterRef("recipient_id"), course=OuterRef("course_id")
    ).filter(Q(subscribed=False) | Q(last_sent_at__gt=now - COURSE_EMAIL_INTERVAL))
    return list(
        notification_list_unsent(now=now)
        .filter(course__live=True)
        .filter(Exists(enrolled))
        .exclude(Exists(held_back))
        .values_list("recipient_id", "course_id")
        .annotate(first_at=Min("created_at"))
        .filter(first_at__lte=now - COURSE_EMAIL_DELAY)
        .values_list("recipient_id", "course_id")
        .order_by("recipient_id", "course_id")
    )


def course_email_choices(*, user: User) -> QuerySet[CoursePage]:
    """
    The published courses the member is enrolled in, by title, each with
    `email_subscribed`: whether it emails them its new lessons.
    """
    stopped = CourseEmail.objects.filter(
        user=user, course=OuterRef("pk"), subscribed=False
    )
    return (
        CoursePage.objects.live()
        .filter(enrollments__user=user)
        .annotate(email_subscribed=~Exists(stopped))
        .order_by("title")
    )


def notification_data_export(*, user: User) -> dict[str, Any]:
    """The member's notifications and digest choice, for their data export."""
    return {
        "notifications": [
            {
                "text": notification.text,
                "url": notification.url,
                "created_at": notification.created_at.isoformat(),
                "read_at": notification.read_at and notification.read_at.isoformat(),
            }
            for notification in Notification.objects.filter(recipient=user)
        ],
        "email_digest": {"subscribed": digest_is_subscribed(user=user)},
        "course_emails": [
            {"course": course.title, "subscribed": course.email_subscribed}
            for course in course_email_choices(user=user)
        ],
    }
