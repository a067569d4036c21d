"""
Writes about notifications: sending one, marking them read, telling a
course's students of its new lessons, and the emails: the digest and each
course's email of its new lessons, sending the due ones, subscribing and
unsubscribing, and the signed token that their one-click unsubscribe links
carry.
"""

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from wagtail.models import Page, Site

from courses.models import CoursePage, Enrollment, LessonPage, ModulePage
from members.kept import versions_changed
from members.mail import mail_message
from members.models import User

from .models import AnnouncedLesson, CourseEmail, EmailDigest, Notification
from .selectors import (
    COURSE_EMAIL_INTERVAL,
    DIGEST_INTERVAL,
    course_email_choices,
    course_email_list_due,
    lesson_list_unannounced,
    notification_list,
    notification_list_digest_due,
    unread_count_version_key,
)
from .tasks import announce_new_lessons

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
# A digest lists this many notifications at most, newest first; the rest
# are a link away.
DIGEST_MAX_ITEMS = 20
NEW_LESSONS_KIND = "courses.new_lessons"


def notification_send(
    *, recipient: User, kind: str, text: str, url: str, actor: User | None = None
) -> Notification | None:
    """
    Tell `recipient` that something happened at `url`. Nobody is told of
    their own doings, and inactive accounts are told nothing: both give None.
    A text longer than the column (a long course title) is shortened.
    """
    if not recipient.is_active or (actor is not None and actor.pk == recipient.pk):
        return None
    notification = _notification(
        recipient=recipient, actor=actor, kind=kind, text=text, url=url
    )
    notification.full_clean()
    notification.save()
    return notification


def _notification(**fields) -> Notification:
    text = Truncator(fields.pop("text"))
    return Notification(
        text=text.chars(Notification._meta.get_field("text").max_length),
        created_at=timezone.now(),
        **fields,
    )


def notification_mark_read(*, user: User, pk: int) -> Notification:
    """Mark one of the member's notifications read (Http404 for anyone else's)."""
    notification = get_object_or_404(notification_list(user=user), pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the member read; returns how many."""
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    notification_unread_changed(user_ids=[user.pk])
    return marked


def notification_delete_by_actor(*, actor: User) -> int:
    """
    Take back what a member's actions told others ("Ada replied to ..."),
    when their account goes: the texts name them. Returns how many went.
    """
    told = Notification.objects.filter(actor=actor)
    notification_unread_changed(user_ids=told.values_list("recipient_id", flat=True))
    deleted, _ = told.delete()
    return deleted


def notification_unread_changed(*, user_ids: Iterable[int]) -> None:
    """The members' unread counts are to be read again (kept: the selector's)."""
    versions_changed(*{unread_count_version_key(user_id) for user_id in user_ids})


def new_lessons_announce_later(*, page: Page) -> None:
    """
    Called when a page is published: tell the students of its course, in
    the background, of the lessons it opened (new_lessons_announce).
    """
    if isinstance(page, CoursePage | ModulePage | LessonPage):
        announce_new_lessons.enqueue(page_id=page.pk)


def new_lessons_announce(*, page_id: int) -> int:
    """
    Tell the students of a course of the lessons that the publication of
    `page_id` (the course, a module or a lesson) opened to them and that
    nobody was told of yet (lesson_list_unannounced): one notification
    each, which their course's email carries later. Returns how many were
    told.

    A lesson that drips is announced only to the students it has opened to
    by now: a new lesson, not one they have to wait for.
    """
    page = Page.objects.filter(pk=page_id).specific().first()
    if not isinstance(page, CoursePage | ModulePage | LessonPage):
        return 0
    course = CoursePage.objects.ancestor_of(page, inclusive=True).first()
    if course is None:
        return 0
    now = timezone.now()
    lessons = _new_lessons_claim(course=course, page=page, now=now)
    if not lessons:
        return 0
    notifications = []
    for user_id, enrolled_at in Enrollment.objects.filter(
        course=course, user__is_active=True
    ).values_list("user_id", "created_at"):
        opened = [
            lesson
            for lesson in lessons
            if not lesson.drips
            or enrolled_at + timedelta(days=lesson.opens_after_days) <= now
        ]
        if opened:
            notifications.append(
                _notification(
                    recipient_id=user_id,
                    kind=NEW_LESSONS_KIND,
                    text=_new_lessons_text(course, opened),
                    url=_page_path(opened[0]),
                    course=course,
                )
            )
    Notification.objects.bulk_create(notifications, batch_size=500)
    notification_unread_changed(user_ids=[each.recipient_id for each in notifications])
    return len(notifications)


@transaction.atomic
def _new_lessons_claim(
    *, course: CoursePage, page: Page, now: datetime
) -> list[LessonPage]:
    """
    The lessons under `page` to announce, marked announced: one announcer
    at a time per course (the course's row is locked for as long as this
    takes), so that no lesson goes twice.
    """
    list(Page.objects.select_for_update().filter(pk=course.pk))
    lessons = list(
        lesson_list_unannounced()
        .descendant_of(page, inclusive=True)
        .defer_streamfields()
        .order_by("path")
    )
    AnnouncedLesson.objects.bulk_create(
        AnnouncedLesson(lesson=lesson, announced_at=now) for lesson in lessons
    )
    return lessons


def _page_path(page: Page) -> str:
    """A page's path on its site, which notifications lead to."""
    _, _, path = page.get_url_parts() or (None, None, "/")
    return path


def _new_lessons_text(course: CoursePage, lessons: list[LessonPage]) -> str:
    if len(lessons) == 1:
        return f"New lesson in {course.title}: {lessons[0].title}"
    return (
        f"{len(lessons)} new lessons in {course.title}, "
        f"starting with {lessons[0].title}"
    )


def digest_subscribe(*, user: User) -> None:
    EmailDigest.objects.update_or_create(user=user, defaults={"subscribed": True})


def digest_unsubscribe(*, user: User) -> None:
    EmailDigest.objects.update_or_create(user=user, defaults={"subscribed": False})


def course_email_subscribe(
    *, user: User, course_id: int, subscribed: bool
) -> CoursePage:
    """
    Start or stop the email of a course's new lessons, for one of the
    member's courses (Http404 for any other). Returns the course, with
    `email_subscribed` as course_email_choices gives it.
    """
    course = get_object_or_404(course_email_choices(user=user), pk=course_id)
    _course_email_set(user=user, course=course, subscribed=subscribed)
    course.email_subscribed = subscribed
    return course


def _course_email_set(*, user: User, course: CoursePage, subscribed: bool) -> None:
    CourseEmail.objects.update_or_create(
        user=user, course=course, defaults={"subscribed": subscribed}
    )


def unsubscribe_token(user: User, course: CoursePage | None = None) -> str:
    """
    The signed token in an email's unsubscribe link, from the digest or
    else from `course`'s email: whoever has it may use it.
    """
    return signing.dumps(
        user.pk if course is None else [user.pk, course.pk], salt=UNSUBSCRIBE_SALT
    )


def unsubscribe_token_read(*, token: str) -> tuple[User, CoursePage | None]:
    """
    Whose an unsubscribe token is, and from which course's email (None: the
    digest); ValidationError if it is no such token.
    """
    try:
        signed = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        signed = None
    match signed:
        case int(user_id):
            user, course = User.objects.filter(pk=user_id).first(), None
        case [int(user_id), int(course_id)]:
            user = User.objects.filter(pk=user_id).first()
            course = CoursePage.objects.filter(pk=course_id).first()
            if course is None:
                user = None
        case _:
            user = None
    if user is None:
        raise ValidationError(
            "This unsubscribe link is not valid: it may have been cut short or "
            "changed. Use the link in your latest email, or stop the email "
            "from your notifications page.",
            code="invalid",
        )
    return user, course


def email_unsubscribe(*, token: str) -> tuple[User, CoursePage | None]:
    """Follow an unsubscribe link: stop its digest or course email."""
    user, course = unsubscribe_token_read(token=token)
    if course is None:
        digest_unsubscribe(user=user)
    else:
        _course_email_set(user=user, course=course, subscribed=False)
    return user, course


def digests_send(*, now: datetime | None = None) -> int:
    """
    Email each member whose notifications are due (notification_list_digest_due)
    one digest of them; returns how many digests went.
    """
    now = now or timezone.now()
    recipient_ids = (
        notification_list_digest_due(now=now)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    root_url = _site_root_url()
    sent = 0
    with get_connection() as connection:
        for user in User.objects.filter(pk__in=list(recipient_ids)).order_by("pk"):
            sent += _email_claim_and_send(
                model=EmailDigest,
                key={"user": user},
                interval=DIGEST_INTERVAL,
                notifications=Notification.objects.filter(
                    recipient=user, course__isnull=True
                ),
                now=now,
                message=lambda notifications, user=user: _digest_message(
                    user=user,
                    notifications=notifications,
                    root_url=root_url,
                    connection=connection,
                ),
            )
    return sent


def course_emails_send(*, now: datetime | None = None) -> int:
    """
    Email each member, for each course with new lessons due
    (course_email_list_due), one email of them; returns how many went.
    """
    now = now or timezone.now()
    due = course_email_list_due(now=now)
    users = User.objects.in_bulk({user_id for user_id, _ in due})
    courses = CoursePage.objects.in_bulk({course_id for _, course_id in due})
    root_url = _site_root_url()
    sent = 0
    with get_connection() as connection:
        for user_id, course_id in due:
            user, course = users.get(user_id), courses.get(course_id)
            if user is None or course is None:
                continue  # Deleted since the list was made.
            sent += _email_claim_and_send(
                model=CourseEmail,
                key={"user": user, "course": course},
                interval=COURSE_EMAIL_INTERVAL,
                notifications=Notification.objects.filter(
                    recipient=user, course=course
                ),
                now=now,
                message=lambda notifications, user=user, course=course: (
                    _course_email_message(
                        user=user,
                        course=course,
                        notifications=notifications,
                        root_url=root_url,
                        connection=connection,
                    )
                ),
            )
    return sent


def _email_claim_and_send(
    *,
    model: type[models.Model],
    key: dict,
    interval: timedelta,
    notifications: QuerySet[Notification],
    now: datetime,
    message: Callable[[list[Notification]], EmailMessage],
) -> bool:
    """
    Send one email of the unsent `notifications`, if the member's
    subscription (the `model` row at `key`: their digest, or a course's
    email) wants it and last went at least `interval` ago. Returns whether
    it went.

    The email is claimed before it goes: one UPDATE moves last_sent_at
    forward only if it is still old enough, so that of two runs at once
    only one sends, then the notifications are marked emailed. If the email
    fails, both are given back for the next run.
    """
    claimed = _email_claim(
        model=model, key=key, interval=interval, notifications=notifications, now=now
    )
    if claimed is None:
        return False
    previous_sent_at, carried = claimed
    try:
        message(carried).send()
    except Exception:
        # One address the mail server refuses must not stop the others.
        logger.exception(
            "An email of notifications (%s %s) could not be sent",
            model.__name__,
            {name: value.pk for name, value in key.items()},
        )
        Notification.objects.filter(pk__in=[n.pk for n in carried]).update(
            emailed_at=None
        )
        model.objects.filter(**key).update(last_sent_at=previous_sent_at)
        return False
    return True


@transaction.atomic
def _email_claim(
    *,
    model: type[models.Model],
    key: dict,
    interval: timedelta,
    notifications: QuerySet[Notification],
    now: datetime,
) -> tuple[datetime | None, list[Notification]] | None:
    """
    Take the email for this run: its last_sent_at before and the
    notifications it carries, or None if another run took it first, the
    member unsubscribed, or nothing is due any more.
    """
    subscription, _ = model.objects.get_or_create(**key)
    previous_sent_at = subscription.last_sent_at
    claimed = (
        model.objects.filter(**key, subscribed=True)
        .filter(Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=now - interval))
        .update(last_sent_at=now)
    )
    if not claimed:
        return None
    notifications.filter(
        read_at__isnull=True, emailed_at__isnull=True, created_at__lte=now
    ).update(emailed_at=now)
    carried = list(notifications.filter(emailed_at=now).order_by("-created_at", "-pk"))
    if not carried:
        # Read since the list of emails was made: no email, no claim.
        transaction.set_rollback(True)
        return None
    return previous_sent_at, carried


def _digest_message(
    *, user: User, notifications: list[Notification], root_url: str, connection
) -> EmailMessage:
    count = len(notifications)
    return _notifications_message(
        subject=notifications[0].text if count == 1 else f"{count} new notifications",
        template="notifications/email/digest",
        user=user,
        notifications=notifications,
        root_url=root_url,
        unsubscribe_url=root_url
        + reverse("notifications:unsubscribe", args=[unsubscribe_token(user)]),
        connection=connection,
    )


def _course_email_message(
    *,
    user: User,
    course: CoursePage,
    notifications: list[Notification],
    root_url: str,
    connection,
) -> EmailMessage:
    return _notifications_message(
        subject=notifications[0].text
        if len(notifications) == 1
        else f"New lessons in {course.title}",
        template="notifications/email/course_email",
        user=user,
        notifications=notifications,
        root_url=root_url,
        unsubscribe_url=root_url
        + reverse("notifications:unsubscribe", args=[unsubscribe_token(user, course)]),
        connection=connection,
        course=course,
        course_url=course.full_url,
    )


def _notifications_message(
    *,
    subject: str,
    template: str,
    user: User,
    notifications: list[Notification],
    root_url: str,
    unsubscribe_url: str,
    connection,
    **context,
) -> EmailMessage:
    """An email listing `notifications`, with its one-click unsubscribe link."""
    context |= {
        "user": user,
        "items": [
            (notification, root_url + notification.url)
            for notification in notifications[:DIGEST_MAX_ITEMS]
        ],
        "more": max(len(notifications) - DIGEST_MAX_ITEMS, 0),
        "list_url": root_url + reverse("notifications:list"),
        "unsubscribe_url": unsubscribe_url,
    }
    return mail_message(
        subject=subject,
        template=f"{template}.txt",
        html_template=f"{template}.html",
        context=context,
        to=[user.email],
        connection=connection,
        headers={
            # RFC 8058: mail clients offer a one-click unsubscribe button,
            # which POSTs to the link.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _site_root_url() -> str:
    """The site's address, which the paths in notifications are under."""
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else ""
