from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from members.factories import UserFactory
from notifications.factories import NotificationFactory
from notifications.models import EmailDigest, Notification
from notifications.services import unsubscribe_token

pytestmark = pytest.mark.django_db

LIST_URL = reverse("notifications:list")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def member(client, home_page):
    user = UserFactory(email_verified=True)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", LIST_URL),
        ("post", reverse("notifications:mark_all_read")),
        ("post", reverse("notifications:open", args=[1])),
        ("post", reverse("notifications:digest")),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, home_page, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_list_shows_my_notifications_newest_first_unread_marked(client, member):
    old = NotificationFactory(
        recipient=member,
        text="Old news",
        created_at=timezone.now() - timezone.timedelta(days=1),
        read_at=timezone.now(),
    )
    new = NotificationFactory(recipient=member, text="Fresh news")
    NotificationFactory(text="Somebody else’s news")

    response = client.get(LIST_URL)

    assert list(response.context["notifications"]) == [new, old]
    assert response.context["unread_count"] == 1
    content = response.content.decode()
    assert "Somebody else’s news" not in content
    assert "Unread: </span>Fresh news" in content
    assert "Unread: </span>Old news" not in content
    assert "Mark all as read" in content
    assert response["Cache-Control"] == "private"


def test_the_list_pages_by_twenty_with_a_link_for_the_next(client, member):
    NotificationFactory.create_batch(25, recipient=member)

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2}, **HTMX)

    assert len(first.context["notifications"]) == 20
    assert 'href="?page=2"' in first.content.decode()
    # The next page alone, as list items for HTMX to append.
    assert second.templates[0].name == "notifications/partials/notification_page.html"
    assert len(second.context["notifications"]) == 5
    assert "?page=3" not in second.content.decode()
    assert "HX-Request" in second["Vary"]


def test_paging_costs_the_same_queries_however_many_notifications(client, member):
    def queries_for_page_two() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST_URL, {"page": 2}, **HTMX)
        assert response.status_code == 200
        return len(queries)

    actors = UserFactory.create_batch(3)
    for index in range(40):
        NotificationFactory(recipient=member, actor=actors[index % 3])
    small = queries_for_page_two()
    for index in range(200):
        NotificationFactory(
            recipient=member, actor=UserFactory() if index < 20 else None
        )
    large = queries_for_page_two()

    assert small == large


def test_opening_a_notification_marks_it_read_and_goes_where_it_happened(
    client, member
):
    notification = NotificationFactory(recipient=member, url="/community/posts/7/")

    response = client.post(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == "/community/posts/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_is_a_post_so_a_prefetch_marks_nothing(client, member):
    notification = NotificationFactory(recipient=member)

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize(
    "url",
    ["https://evil.example/", "//evil.example/path", "javascript:alert(1)", "http:/x"],
)
def test_opening_never_redirects_off_the_site(client, member, url):
    notification = NotificationFactory(recipient=member, url=url)

    response = client.post(reverse("notifications:open", args=[notification.pk]))

    assert response.url == LIST_URL


def test_another_members_notification_is_not_found(client, member):
    theirs = NotificationFactory()

    response = client.post(reverse("notifications:open", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_marks_mine_only(client, member):
    NotificationFactory.create_batch(2, recipient=member)
    theirs = NotificationFactory()

    response = client.post(reverse("notifications:mark_all_read"), follow=True)

    assert not Notification.objects.filter(recipient=member, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "Marked 2 notifications as read." in response.content.decode()


def test_mark_all_read_over_htmx_returns_the_page_and_tells_the_bell(client, member):
    NotificationFactory(recipient=member)

    response = client.post(reverse("notifications:mark_all_read"), **HTMX)

    assert response.status_code == 200
    assert response["HX-Trigger"] == '{"notifications:changed": {}}'
    content = response.content.decode()
    assert 'id="notifications-region"' in content
    assert "All read" in content


def test_the_bell_counts_my_unread_notifications(client, member):
    NotificationFactory.create_batch(3, recipient=member)
    NotificationFactory(recipient=member, read_at=timezone.now())
    NotificationFactory()

    response = client.get(reverse("notifications:bell"), **HTMX)

    content = response.content.decode()
    assert "Notifications, 3 unread" in content
    assert 'hx-trigger="every 60s, notifications:changed from:body"' in content
    assert "no-store" in response["Cache-Control"]


def test_the_header_shows_the_bell_to_signed_in_members_only(client, home_page):
    member = UserFactory()
    NotificationFactory(recipient=member)

    anonymous = client.get(home_page.url).content.decode()
    client.force_login(member)
    signed_in = client.get(home_page.url).content.decode()

    assert "notification-bell" not in anonymous
    assert "Notifications, 1 unread" in signed_in


def test_signed_out_the_bell_stops_polling(client, home_page):
    response = client.get(reverse("notifications:bell"), **HTMX)

    # 286: HTMX's "stop polling"; the empty body removes the bell.
    assert response.status_code == 286
    assert response.content == b""


def test_the_digest_toggle_stops_and_restarts_the_digest(client, member):
    client.post(reverse("notifications:digest"))
    assert EmailDigest.objects.get(user=member).subscribed is False
    page = client.get(LIST_URL).content.decode()
    assert "Email me a digest" in page

    client.post(reverse("notifications:digest"), {"subscribed": "on"})
    assert EmailDigest.objects.get(user=member).subscribed is True
    assert "Stop the email digest" in client.get(LIST_URL).content.decode()


def unsubscribe_url(user) -> str:
    return reverse("notifications:unsubscribe", args=[unsubscribe_token(user)])


def test_the_unsubscribe_link_asks_first_and_changes_nothing_on_get(client, home_page):
    user = UserFactory()

    response = client.get(unsubscribe_url(user))

    assert response.status_code == 200
    assert "Stop the email digest?" in response.content.decode()
    assert not EmailDigest.objects.filter(user=user, subscribed=False).exists()


def test_one_click_unsubscribe_needs_no_sign_in_and_no_csrf_token(home_page):
    from django.test import Client

    user = UserFactory()
    client = Client(enforce_csrf_checks=True)

    response = client.post(unsubscribe_url(user), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert EmailDigest.objects.get(user=user).subscribed is False


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_unsubscribe_link_is_refused_and_changes_nothing(
    client, home_page, method
):
    user = UserFactory()
    token = unsubscribe_token(user)
    # One character of the signature changed.
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = getattr(client, method)(
        reverse("notifications:unsubscribe", args=[tampered])
    )

    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()
    assert not EmailDigest.objects.filter(user=user).exists()
