import datetime as dt
import re

from django.core import mail

import pytest
import time_machine

from courses.models import (
    CourseNotification,
    CoursePage,
    EmailAccessToken,
    LessonPage,
    VerifiedEmail,
)
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "The secret of this lesson."
CLIENT_LIMIT = 10  # an hour, see ACCOUNT_RATE_LIMITS


@pytest.fixture
def email_course(make_course):
    return make_course(access_level=CoursePage.AccessLevel.EMAIL)


def request_link(client, course, email="Visitor@Example.com") -> str:
    client.post(f"/learning/{course.pk}/email-access/", {"email": email})
    return re.search(
        r"http://testserver(/learning/email-access/\S+/)", mail.outbox[-1].body
    )[1]


def lesson_body_shown(client, course) -> bool:
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    return SECRET in client.get(lesson.url).content.decode()


def test_visitor_reads_an_email_course_after_following_the_link(client, email_course):
    assert not lesson_body_shown(client, email_course)

    link = request_link(client, email_course)
    assert client.get(link).status_code == 200  # a page with a button, not yet used
    response = client.post(link)

    assert response.status_code == 302
    assert lesson_body_shown(client, email_course)
    assert VerifiedEmail.objects.get().email == "visitor@example.com"
    assert mail.outbox[-1].to == ["visitor@example.com"]


def test_tokens_are_stored_hashed(client, email_course):
    link = request_link(client, email_course)
    token = link.rstrip("/").rsplit("/", 1)[1]

    stored = EmailAccessToken.objects.get()
    assert stored.token_hash != token
    assert token not in stored.token_hash


def test_a_link_works_once(client, email_course):
    link = request_link(client, email_course)
    client.post(link)
    client.cookies.clear()

    response = client.post(link)

    assert response.status_code == 400
    assert "already been used" in response.content.decode()
    assert not lesson_body_shown(client, email_course)


def test_an_expired_link_is_refused(client, email_course):
    start = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        link = request_link(client, email_course)
    with time_machine.travel(start + dt.timedelta(hours=25), tick=False):
        response = client.post(link)

    assert response.status_code == 400
    assert "expired" in response.content.decode()


def test_a_tampered_link_is_refused(client, email_course):
    link = request_link(client, email_course)

    response = client.post(link[:-5] + "XXXX/")

    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert not lesson_body_shown(client, email_course)


def test_the_session_forgets_after_30_days(client, email_course):
    start = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.post(request_link(client, email_course))
    with time_machine.travel(start + dt.timedelta(days=29), tick=False):
        assert lesson_body_shown(client, email_course)
    with time_machine.travel(start + dt.timedelta(days=31), tick=False):
        assert not lesson_body_shown(client, email_course)


def test_asking_again_within_a_minute_sends_nothing(client, email_course):
    request_link(client, email_course)
    client.post(
        f"/learning/{email_course.pk}/email-access/", {"email": "visitor@example.com"}
    )

    assert len(mail.outbox) == 1
    assert EmailAccessToken.objects.count() == 1


def test_links_are_only_for_email_courses(client, make_course):
    course = make_course(access_level=CoursePage.AccessLevel.MEMBERS)

    response = client.post(f"/learning/{course.pk}/email-access/", {"email": "a@b.com"})

    assert response.status_code == 404
    assert not mail.outbox


@pytest.mark.parametrize("lessons_published", [True, False])
def test_no_link_is_sent_for_a_course_not_open_yet(
    client, make_course, lessons_published
):
    if lessons_published:
        course = make_course(
            access_level=CoursePage.AccessLevel.EMAIL,
            availability=CoursePage.Availability.COMING_SOON,
        )
    else:
        course = make_course(access_level=CoursePage.AccessLevel.EMAIL)
        for lesson in LessonPage.objects.descendant_of(course):
            lesson.unpublish()

    response = client.post(
        f"/learning/{course.pk}/email-access/", {"email": "a@b.com"}, follow=True
    )

    assert response.status_code == 200
    assert "This course is not open yet." in response.content.decode()
    assert not mail.outbox
    assert not EmailAccessToken.objects.exists()


def test_a_bad_address_gets_a_message(client, email_course):
    response = client.post(
        f"/learning/{email_course.pk}/email-access/",
        {"email": "not-an-address"},
        follow=True,
    )

    assert "Enter a valid email address" in response.content.decode()
    assert not mail.outbox


def test_a_members_session_keeps_its_own_expiry(client, email_course):
    user = UserFactory()
    client.force_login(user)
    session = client.session
    session.set_expiry(0)  # ends when the browser closes
    session.save()

    client.post(request_link(client, email_course))

    assert client.session.get_expire_at_browser_close()


# Emails to addresses a visitor types (course links, "notify me" confirmations)
# are limited per address and per client: nobody makes Lectern mail strangers.


@pytest.fixture
def soon(make_course) -> CoursePage:
    return make_course(availability=CoursePage.Availability.COMING_SOON)


def ask_link(client, course, email, ip="203.0.113.7"):
    return client.post(
        f"/learning/{course.pk}/email-access/", {"email": email}, REMOTE_ADDR=ip
    )


def ask_notify(client, course, email, ip="203.0.113.7", **extra):
    return client.post(
        f"/learning/{course.pk}/notify-me/", {"email": email}, REMOTE_ADDR=ip, **extra
    )


def test_one_client_cannot_have_links_mailed_to_address_after_address(
    client, email_course
):
    for number in range(CLIENT_LIMIT):
        assert (
            ask_link(client, email_course, f"v{number}@example.com").status_code == 302
        )

    response = ask_link(client, email_course, "one-more@example.com")

    assert response.status_code == 429
    assert "Too many emails" in response.content.decode()
    assert len(mail.outbox) == CLIENT_LIMIT
    assert not EmailAccessToken.objects.filter(email="one-more@example.com").exists()
    # Another client is served.
    ask_link(client, email_course, "another@example.com", ip="198.51.100.2")
    assert mail.outbox[-1].to == ["another@example.com"]


def test_one_client_cannot_have_notify_me_confirmations_mailed_in_bulk(
    client, soon, email_course
):
    for number in range(CLIENT_LIMIT // 2):
        ask_link(client, email_course, f"link{number}@example.com")
        ask_notify(client, soon, f"notify{number}@example.com")

    response = ask_notify(client, soon, "one-more@example.com")

    assert response.status_code == 429
    assert len(mail.outbox) == CLIENT_LIMIT
    assert not CourseNotification.objects.filter(email="one-more@example.com").exists()


def test_asking_twice_for_one_address_sends_one_confirmation(client, soon):
    ask_notify(client, soon, "star@example.com")

    response = ask_notify(client, soon, "Star@Example.com", follow=True)

    assert "We emailed this address a moment ago" in response.content.decode()
    assert len(mail.outbox) == 1
