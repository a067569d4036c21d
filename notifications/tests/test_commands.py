from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from courses.factories import CourseIndexPageFactory, CoursePageFactory
from courses.models import Enrollment
from members.factories import UserFactory
from notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_send_notification_digests_sends_the_due_digests_once(home_page):
    NotificationFactory(recipient=UserFactory(email_verified=True))
    out = StringIO()

    call_command("send_notification_digests", stdout=out)
    call_command("send_notification_digests", stdout=out)

    assert len(mail.outbox) == 1
    assert out.getvalue() == (
        "Sent 1 digest(s) and 0 course email(s).\n"
        "Sent 0 digest(s) and 0 course email(s).\n"
    )


def test_send_notification_digests_sends_the_course_emails_too(home_page):
    course = CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page))
    student = UserFactory(email_verified=True)
    Enrollment.objects.create(user=student, course=course, source="free")
    NotificationFactory(
        recipient=student,
        course=course,
        created_at=timezone.now() - timedelta(hours=1),
    )
    out = StringIO()

    call_command("send_notification_digests", stdout=out)

    assert [message.to for message in mail.outbox] == [[student.email]]
    assert out.getvalue() == "Sent 0 digest(s) and 1 course email(s).\n"
