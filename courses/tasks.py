from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import timezone

from django_tasks import task

from .models import CourseNotification, CoursePage

BATCH_SIZE = 100


@task()
def send_course_available_emails(course_id: int) -> int:
    """Tell everyone who asked that the course is open, in batches; returns how many."""
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None or course.is_coming_soon:
        return 0
    sent = 0
    pending = CourseNotification.objects.filter(course=course, notified_at__isnull=True)
    while batch := list(pending.order_by("pk")[:BATCH_SIZE]):
        subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{course.title} is open"
        body = render_to_string(
            "courses/email/course_available.txt",
            {"course": course, "url": course.full_url},
        )
        send_mass_mail([(subject, body, None, [item.email]) for item in batch])
        CourseNotification.objects.filter(pk__in=[item.pk for item in batch]).update(
            notified_at=timezone.now()
        )
        sent += len(batch)
    return sent


@task()
def send_enrollment_reminders() -> int:
    # Imported here: services import this module's tasks.
    from .services import enrollment_reminders_send

    return enrollment_reminders_send()
