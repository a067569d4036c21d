"""
"Notify me" on a coming-soon course: addresses confirm first (double opt-in),
and the course-opened email goes once to each confirmed address.
"""

import datetime as dt
import re

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command

import pytest
import time_machine

from courses.models import CourseNotification, CoursePage, LessonPage
from courses.tasks import send_course_available_emails
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def soon(make_course) -> CoursePage:
    return make_course(title="Astronomy", availability="coming_soon")


def ask(client, course, email="Star@Example.com", **extra):
    return client.post(f"/learning/{course.pk}/notify-me/", {"email": email}, **extra)


def confirmation_link(message) -> str:
    return re.search(r"http://testserver(/learning/notify-me/\S+/)", message.body)[1]


def open_course(course) -> None:
    course.availability = "available"
    course.save_revision().publish()


def test_an_address_only_gets_a_request_to_confirm(client, soon):
    response = ask(client, soon, follow=True)

    assert "we sent it a link to confirm" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["star@example.com"]
    assert "Confirm" in message.subject
    notification = CourseNotification.objects.get()
    assert notification.confirmed_at is None
    assert confirmation_link(message).split("/")[-2] not in notification.token_hash


def test_an_unconfirmed_address_is_not_told_the_course_opened(client, soon):
    ask(client, soon)

    open_course(soon)

    assert len(mail.outbox) == 1  # the request to confirm, nothing more
    assert CourseNotification.objects.get().notified_at is None


def test_a_confirmed_address_is_told_once(client, soon):
    ask(client, soon)
    link = confirmation_link(mail.outbox[0])
    assert client.get(link).status_code == 200  # a button: scanners use nothing up
    assert CourseNotification.objects.get().confirmed_at is None

    response = client.post(link, follow=True)

    assert "we will email you when Astronomy opens" in response.content.decode()
    open_course(soon)
    soon.save_revision().publish()  # publishing again tells nobody twice
    assert [message.subject for message in mail.outbox[1:]] == [
        "[Lectern] Astronomy is open"
    ]


def test_who_asked_is_told_when_the_first_lesson_is_published(client, soon):
    lessons = LessonPage.objects.descendant_of(soon)
    for lesson in lessons:
        lesson.unpublish()
    CourseNotification.objects.create(
        email="a@example.com", course=soon, confirmed_at=dt.datetime.now(dt.UTC)
    )

    open_course(soon)  # open, but nothing to read yet

    assert not mail.outbox
    lessons.first().save_revision().publish()
    assert [message.to for message in mail.outbox] == [["a@example.com"]]


def test_asking_for_an_address_on_the_list_sends_nothing_and_tells_nothing(
    client, soon
):
    start = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        ask(client, soon)
        client.post(confirmation_link(mail.outbox[0]))
    client.cookies.clear()

    with time_machine.travel(start + dt.timedelta(minutes=2), tick=False):
        response = ask(client, soon, email="star@example.com", follow=True)

    assert "unless this address is on the list already" in response.content.decode()
    assert len(mail.outbox) == 1


def test_a_confirmation_link_works_once(client, soon):
    ask(client, soon)
    link = confirmation_link(mail.outbox[0])
    client.post(link)

    response = client.post(link)

    assert response.status_code == 400
    assert "already been used" in response.content.decode()


def test_a_tampered_link_is_refused(client, soon):
    ask(client, soon)

    response = client.post(confirmation_link(mail.outbox[0])[:-5] + "XXXX/")

    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert CourseNotification.objects.get().confirmed_at is None


def test_unconfirmed_requests_expire(client, soon, make_course):
    start = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        ask(client, soon)
    link = confirmation_link(mail.outbox[0])

    with time_machine.travel(start + dt.timedelta(days=8), tick=False):
        response = client.post(link)
        assert response.status_code == 400
        assert "expired" in response.content.decode()
        # Anyone's next request forgets the expired ones.
        ask(client, make_course(availability="coming_soon"), email="new@example.com")

    assert list(CourseNotification.objects.values_list("email", flat=True)) == [
        "new@example.com"
    ]


def test_a_member_asking_for_their_verified_address_needs_no_confirmation(client, soon):
    member = UserFactory(email="star@example.com", email_verified=True)
    client.force_login(member)

    response = ask(client, soon, follow=True)

    assert "We will email you when the course opens." in response.content.decode()
    assert not mail.outbox
    open_course(soon)
    assert [message.to for message in mail.outbox] == [["star@example.com"]]


def test_a_member_asking_for_another_address_confirms_it(client, soon):
    client.force_login(UserFactory(email="me@example.com", email_verified=True))

    ask(client, soon, email="someone-else@example.com")

    assert CourseNotification.objects.get().confirmed_at is None
    assert "Confirm" in mail.outbox[0].subject


class CrashingBackend(EmailBackend):
    """Delivers one email, then the mail server fails."""

    def send_messages(self, messages):
        for message in messages:
            if mail.outbox:
                raise ConnectionError("The mail server went away.")
            super().send_messages([message])
        return len(messages)


class RacingBackend(EmailBackend):
    """As the first email goes, a second worker runs the same job."""

    def send_messages(self, messages):
        first = not mail.outbox
        sent = super().send_messages(messages)
        if first:
            course = CourseNotification.objects.first().course
            send_course_available_emails.call(course_id=course.pk)
        return sent


@pytest.fixture
def opened(make_course) -> CoursePage:
    """An open course that three confirmed addresses asked about."""
    course = make_course(title="Astronomy")
    for address in ("a@example.com", "b@example.com", "c@example.com"):
        CourseNotification.objects.create(
            email=address, course=course, confirmed_at=dt.datetime.now(dt.UTC)
        )
    return course


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_failed_send_neither_repeats_nor_loses_an_email(settings, opened):
    settings.EMAIL_BACKEND = f"{__name__}.CrashingBackend"
    with pytest.raises(ConnectionError):
        send_course_available_emails.call(course_id=opened.pk)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_course_notifications")  # cron's next round

    assert recipients() == ["a@example.com", "b@example.com", "c@example.com"]


def test_two_workers_never_send_the_same_email(settings, opened):
    settings.EMAIL_BACKEND = f"{__name__}.RacingBackend"

    send_course_available_emails.call(course_id=opened.pk)

    assert recipients() == ["a@example.com", "b@example.com", "c@example.com"]
