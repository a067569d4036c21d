"""
Emails to addresses a visitor types (course links, "notify me" confirmations)
are limited per address and per client: nobody makes Lectern mail strangers.
"""

from django.core import mail

import pytest

from courses.models import CourseNotification, CoursePage, EmailAccessToken

pytestmark = pytest.mark.django_db

CLIENT_LIMIT = 10  # an hour, see ACCOUNT_RATE_LIMITS


@pytest.fixture
def email_course(make_course) -> CoursePage:
    return make_course(access_level=CoursePage.AccessLevel.EMAIL)


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
