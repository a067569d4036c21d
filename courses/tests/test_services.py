from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from courses.models import Enrollment, EnrollmentReminder
from courses.services import enrollment_reminders_send
from members.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_one_enrollment_reminder_to_students_who_never_enrolled(
    make_course, settings, django_capture_on_commit_callbacks
):
    settings.ENROLLMENT_REMINDER_DAYS = 7
    now = timezone.now()
    idle = UserFactory(date_joined=now - timedelta(days=8))
    idle_too = UserFactory(date_joined=now - timedelta(days=30))
    newcomer = UserFactory(date_joined=now - timedelta(days=2))
    enrolled = UserFactory(date_joined=now - timedelta(days=8))
    Enrollment.objects.create(user=enrolled, course=make_course(), source="free")
    TeacherFactory(date_joined=now - timedelta(days=8))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_enrollment_reminders", verbosity=0)
        call_command("send_enrollment_reminders", verbosity=0)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [idle.email, idle_too.email]
    )
    assert "/courses/" in mail.outbox[0].body
    assert newcomer.email not in {message.to[0] for message in mail.outbox}


def test_reminders_go_out_in_batches(settings, home_page):
    settings.ENROLLMENT_REMINDER_DAYS = 7
    UserFactory.create_batch(5, date_joined=timezone.now() - timedelta(days=9))

    assert enrollment_reminders_send(batch_size=2) == 5
    assert EnrollmentReminder.objects.count() == 5
