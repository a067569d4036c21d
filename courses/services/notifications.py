"""
Emails about courses: "notify me" requests for a coming-soon course or
lesson and their confirmation, telling who asked once it opens, and
reminding students who never enrolled.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from members.mail import mail_message, mail_send
from members.models import User
from members.selectors import user_has_verified_email

from ..access import course_takes_enrollments
from ..models import (
    CourseIndexPage,
    CourseNotification,
    CoursePage,
    EnrollmentReminder,
    LessonPage,
)
from ..selectors import course_notification_list_due, lesson_list_served
from ..tasks import send_course_available_emails, send_lesson_available_emails
from .email_access import check_email_rate, emailed_link_record, new_token

NOTIFICATION_CONFIRM_WITHIN = timedelta(days=7)


def course_notification_request(
    *,
    request: HttpRequest,
    email: str,
    course: CoursePage,
    lesson: LessonPage | None = None,
) -> bool:
    """
    Ask to be told when a coming-soon course opens, or a coming-soon
    `lesson` of an open one. A signed-in member's own verified address is
    on the list at once (returns True). Any other is emailed a single-use
    link to confirm first (double opt-in), unless it is on the list
    already, and is forgotten unless it confirms within
    NOTIFICATION_CONFIRM_WITHIN (returns False, whichever: who typed it
    learns nothing of the address). Raises ValidationError when it is
    open, or the address or the client asked too often.
    """
    if lesson is None and not course.is_coming_soon:
        raise ValidationError("This course is already open.")
    if lesson is not None and (course.is_coming_soon or not lesson.is_coming_soon):
        raise ValidationError(
            "The course is coming soon: ask to hear when it opens."
            if course.is_coming_soon
            else "This lesson is already open."
        )
    page = lesson or course
    email = email.strip().lower()
    # As the list's unique constraints have it: a lesson is asked about
    # wherever it has moved since.
    about = {"email": email, "lesson": lesson}
    if lesson is None:
        about["course"] = course
    now = timezone.now()
    CourseNotification.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - NOTIFICATION_CONFIRM_WITHIN
    ).delete()
    user = request.user
    if (
        user.is_authenticated
        and user.email.lower() == email
        and user_has_verified_email(user=user)
    ):
        CourseNotification.objects.update_or_create(
            **about, defaults={"course": course, "confirmed_at": now}
        )
        return True
    check_email_rate(request=request, email=email, purpose="notify")
    asked = CourseNotification.objects.filter(**about)
    if asked.filter(confirmed_at__isnull=False).exists():
        return False
    token, token_hash = new_token()
    with transaction.atomic():
        # Asked again before confirming: a new link, valid from now.
        asked.delete()
        notification = CourseNotification(
            email=email, course=course, lesson=lesson, token_hash=token_hash
        )
        notification.full_clean()
        notification.save()
    link = request.build_absolute_uri(
        reverse("courses:notification_confirm", args=[token])
    )
    mail_send(
        subject=f"Confirm: tell me when {page.title} opens",
        template="courses/email/notification_confirm.txt",
        context={
            "course": course,
            "lesson": lesson,
            "link": link,
            "days": NOTIFICATION_CONFIRM_WITHIN.days,
        },
        to=[email],
    )
    return False


@transaction.atomic
def course_notification_confirm(*, token: str) -> CourseNotification:
    """Confirm an address by the link it was emailed: it will be told."""
    notification = emailed_link_record(
        CourseNotification.objects.all(),
        token=token,
        invalid="This link is not valid. Ask again on the course page.",
    )
    if notification.confirmed_at is not None:
        raise ValidationError(
            "This link has already been used: you are on the list.", code="used"
        )
    if notification.created_at < timezone.now() - NOTIFICATION_CONFIRM_WITHIN:
        raise ValidationError(
            "This link has expired. Ask again on the course page.", code="expired"
        )
    notification.confirmed_at = timezone.now()
    notification.save(update_fields=["confirmed_at"])
    return notification


def course_opened_notify(*, course: CoursePage) -> None:
    """
    Called when a course or one of its lessons is published: if it is open,
    tell who asked (the emails go once it takes enrollments: a course that
    goes live whole publishes itself before its lessons).
    """
    if (
        not course.is_coming_soon
        and course_notification_list_due().filter(course=course).exists()
    ):
        send_course_available_emails.enqueue(course_id=course.pk)


def lesson_opened_notify(*, lesson: LessonPage) -> None:
    """Called when a lesson is published: if it is open, tell who asked."""
    if (
        not lesson.is_coming_soon
        and course_notification_list_due(lesson=lesson).exists()
    ):
        send_lesson_available_emails.enqueue(lesson_id=lesson.pk)


def course_available_emails_send(*, course_id: int, batch_size: int = 100) -> int:
    """
    Tell the confirmed addresses that asked that the course is open, in
    batches; returns how many were told (none if the course has gone).
    """
    course = CoursePage.objects.filter(pk=course_id).first()
    if course is None or not course_takes_enrollments(course=course):
        return 0
    return _opened_emails_send(
        due=course_notification_list_due().filter(course=course),
        subject=f"{course.title} is open",
        context={"course": course, "url": course.full_url},
        batch_size=batch_size,
    )


def lesson_available_emails_send(*, lesson_id: int, batch_size: int = 100) -> int:
    """
    Tell the confirmed addresses that asked that the lesson is open, in
    batches; returns how many were told (none unless the site serves it,
    open, in an open course).
    """
    lesson = lesson_list_served().filter(pk=lesson_id).first()
    if lesson is None or lesson.is_coming_soon:
        return 0
    course = lesson.get_course()
    if course.is_coming_soon:
        return 0
    return _opened_emails_send(
        due=course_notification_list_due(lesson=lesson),
        subject=f"{lesson.title} is open",
        context={"course": course, "lesson": lesson, "url": lesson.full_url},
        batch_size=batch_size,
    )


def _opened_emails_send(
    *, due: QuerySet[CourseNotification], subject: str, context: dict, batch_size: int
) -> int:
    """
    Send one email to each notification `due`, in batches; returns how many.

    Each batch is claimed (marked notified, its rows locked against other
    workers) before its emails go, so that two workers or a retry never
    send one twice. An email that fails to send is given back, for the
    next run to send. A crash between claim and send loses that batch's
    emails: never twice is worth more than always, for a courtesy email.
    """
    sent = 0
    with get_connection() as connection:
        # Rendered once, and sent to one address at a time.
        message = mail_message(
            subject=subject,
            template="courses/email/course_available.txt",
            context=context,
            to=[],
            connection=connection,
        )
        while True:
            with transaction.atomic():
                batch = list(
                    due.select_for_update(skip_locked=True).order_by("pk")[:batch_size]
                )
                if not batch:
                    return sent
                CourseNotification.objects.filter(
                    pk__in=[notification.pk for notification in batch]
                ).update(notified_at=timezone.now())
            sent_in_batch = 0
            try:
                for notification in batch:
                    message.to = [notification.email]
                    message.send()
                    sent_in_batch += 1
            finally:
                if unsent := batch[sent_in_batch:]:
                    CourseNotification.objects.filter(
                        pk__in=[notification.pk for notification in unsent]
                    ).update(notified_at=None)
            sent += sent_in_batch


def enrollment_reminders_send(*, batch_size: int = 100) -> int:
    """
    Email one reminder to each student who joined more than
    ENROLLMENT_REMINDER_DAYS ago and has not enrolled; returns how many.
    """
    joined_before = timezone.now() - timedelta(days=settings.ENROLLMENT_REMINDER_DAYS)
    due = User.objects.filter(
        is_active=True,
        role=User.Role.STUDENT,
        date_joined__lt=joined_before,
        enrollments__isnull=True,
        deletion_due_at__isnull=True,
    ).exclude(pk__in=EnrollmentReminder.objects.values("user_id"))
    catalog = CourseIndexPage.objects.live().first()
    sent = 0
    while batch := list(due.order_by("pk")[:batch_size]):
        messages = [
            mail_message(
                subject="Find your first course",
                template="courses/email/enrollment_reminder.txt",
                context={
                    "user": user,
                    "catalog_url": catalog.full_url if catalog else "",
                },
                to=[user.email],
            )
            for user in batch
        ]
        with transaction.atomic():
            EnrollmentReminder.objects.bulk_create(
                [EnrollmentReminder(user=user) for user in batch]
            )
            # Sent after the commit, each batch over one connection.
            transaction.on_commit(lambda m=messages: get_connection().send_messages(m))
        sent += len(batch)
    return sent
