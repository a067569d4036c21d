"""The notifications API: a member's own notifications, read and marked read."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from courses.factories import CourseIndexPageFactory, CoursePageFactory
from courses.models import Enrollment
from members.factories import UserFactory
from notifications.factories import NotificationFactory
from notifications.models import CourseEmail, Notification

pytestmark = pytest.mark.django_db

API = "/api/v1/notifications"


@pytest.fixture
def member(db):
    return UserFactory(handle="ada", display_name="Ada Lovelace")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", ""),
        ("get", "/unread-count"),
        ("post", "/read-all"),
        ("get", "/1"),
        ("post", "/1/read"),
        ("get", "/course-emails"),
        ("put", "/course-emails/1"),
    ],
)
def test_anonymous_callers_must_sign_in(api_client, method, path):
    response = getattr(api_client(), method)(API + path)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_the_list_is_mine_newest_first_with_who_did_it_and_where(api_client, member):
    actor = UserFactory(handle="grace", display_name="Grace Hopper")
    old = NotificationFactory(
        recipient=member,
        actor=actor,
        text="Old news",
        url="/community/posts/1/",
        created_at=timezone.now() - timedelta(days=1),
        read_at=timezone.now(),
    )
    new = NotificationFactory(recipient=member, actor=None, text="Fresh news")
    NotificationFactory(text="Somebody else’s news")

    body = api_client(member).get(API).json()

    assert body["count"] == 2
    assert [item["id"] for item in body["results"]] == [new.pk, old.pk]
    latest, earlier = body["results"]
    assert (latest["read"], latest["actor"]) == (False, None)
    assert earlier == {
        "id": old.pk,
        "url": f"http://testserver{API}/{old.pk}",
        "kind": "community.reply",
        "text": "Old news",
        "html_url": "http://testserver/community/posts/1/",
        "actor": {
            "id": actor.pk,
            "handle": "grace",
            "display_name": "Grace Hopper",
            "html_url": f"http://testserver{actor.get_absolute_url()}",
        },
        "read": True,
        "created_at": earlier["created_at"],
    }
    assert "Somebody else’s news" not in str(body)


def test_a_notification_leading_off_the_site_leads_to_the_list(api_client, member):
    NotificationFactory(recipient=member, url="https://evil.example/")

    (item,) = api_client(member).get(API).json()["results"]

    assert item["html_url"] == "http://testserver/notifications/"


def test_the_list_pages(api_client, member):
    NotificationFactory.create_batch(3, recipient=member)

    body = api_client(member).get(API, {"page_size": 2}).json()

    assert (body["count"], len(body["results"])) == (3, 2)
    assert body["next"] == f"http://testserver{API}?page_size=2&page=2"


@pytest.mark.parametrize("size", [2, 6])
def test_the_list_costs_the_same_queries_however_long(api_client, member, size):
    NotificationFactory.create_batch(size, recipient=member)
    client = api_client(member)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(API)

    assert len(response.json()["results"]) == size
    # The token's user, the count, the page with its actors.
    assert len(queries) == 3


def test_the_unread_count_is_of_my_unread_ones(api_client, member):
    NotificationFactory.create_batch(2, recipient=member)
    NotificationFactory(recipient=member, read_at=timezone.now())
    NotificationFactory()

    response = api_client(member).get(f"{API}/unread-count")

    assert response.json() == {"unread": 2}


def test_one_of_mine_is_found_and_marked_read(api_client, member):
    notification = NotificationFactory(recipient=member)
    client = api_client(member)

    found = client.get(f"{API}/{notification.pk}")
    marked = client.post(f"{API}/{notification.pk}/read")

    assert (found.status_code, found.json()["read"]) == (200, False)
    assert (marked.status_code, marked.json()["read"]) == (200, True)
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_read_again_keeps_when_it_was_first_read(api_client, member):
    first_read = timezone.now() - timedelta(days=2)
    notification = NotificationFactory(recipient=member, read_at=first_read)

    response = api_client(member).post(f"{API}/{notification.pk}/read")

    assert response.json()["read"] is True
    notification.refresh_from_db()
    assert notification.read_at == first_read


@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_elses_notification_is_not_found_and_stays_unread(
    api_client, member, method
):
    theirs = NotificationFactory(text="Their secret")
    path = f"{API}/{theirs.pk}" + ("/read" if method == "post" else "")

    response = getattr(api_client(member), method)(path)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "Their secret" not in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("notification_id", ["first", "0", str(2**63)])
def test_an_id_that_is_not_a_row_id_is_refused(api_client, member, notification_id):
    response = api_client(member).post(f"{API}/{notification_id}/read")

    assert response.status_code == 422
    assert "notification_id" in response.json()["fields"]


def test_read_all_marks_only_mine_and_says_how_many(api_client, member):
    NotificationFactory.create_batch(2, recipient=member)
    NotificationFactory(recipient=member, read_at=timezone.now())
    theirs = NotificationFactory()

    response = api_client(member).post(f"{API}/read-all")

    assert response.json() == {"marked_read": 2}
    assert not Notification.objects.filter(recipient=member, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_my_course_emails_are_listed_and_set(api_client, member, home_page):
    index = CourseIndexPageFactory(parent=home_page)
    knots = CoursePageFactory(parent=index, title="Knots")
    sailing = CoursePageFactory(parent=index, title="Sailing")
    Enrollment.objects.create(user=member, course=knots, source="free")
    client = api_client(member)
    listed = client.get(API + "/course-emails")
    assert listed.json() == [
        {"course_id": knots.pk, "course_title": "Knots", "subscribed": True}
    ]

    stopped = client.put(
        API + f"/course-emails/{knots.pk}",
        {"subscribed": False},
        content_type="application/json",
    )

    assert stopped.status_code == 200
    assert stopped.json()["subscribed"] is False
    assert CourseEmail.objects.get(user=member, course=knots).subscribed is False
    # Not one of my courses, or not a choice: refused, nothing written.
    assert (
        client.put(
            API + f"/course-emails/{sailing.pk}",
            {"subscribed": True},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert (
        client.put(
            API + f"/course-emails/{knots.pk}",
            {"subscribed": "perhaps"},
            content_type="application/json",
        ).status_code
        == 422
    )
    assert not CourseEmail.objects.filter(course=sailing).exists()
    assert CourseEmail.objects.get(user=member, course=knots).subscribed is False
