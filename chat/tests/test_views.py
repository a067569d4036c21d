from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from chat.factories import MessageFactory, RoomMemberFactory
from chat.models import Message, Room, RoomMember
from courses.models import Enrollment
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_my_chats_lists_my_rooms_newest_activity_first_with_unread_counts(
    client, course_setup
):
    student, classmate = course_setup["students"][:2]
    direct = client_direct_room(client, classmate, student)
    MessageFactory(room=direct, author=classmate, body="Hello!")
    Room.objects.filter(pk=direct.pk).update(
        last_message_at=Message.objects.get().created_at
    )
    client.force_login(student)

    response = client.get(reverse("chat:my_chats"))

    summaries = response.context["rooms"]
    assert [summary.room for summary in summaries][:1] == [direct]
    assert summaries[0].title == str(classmate)
    assert summaries[0].unread == 1
    assert {summary.room.kind for summary in summaries} == {
        "direct",
        "course",
        "public",
    }
    # Not "0 minutes ago".
    assert "· just now" in response.content.decode()


@pytest.fixture
def site_settings(client, home_page):
    """Wagtail makes the site's settings rows (the footer's) on their first read."""
    client.get(home_page.url)


def writes_during(request):
    """What `request` returns, and the statements it ran that write."""
    with CaptureQueriesContext(connection) as queries:
        response = request()
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    return response, writes


def client_direct_room(client, user, other) -> Room:
    client.force_login(user)
    response = client.post(reverse("chat:direct", args=[other.pk]))
    return Room.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])


def test_the_message_button_opens_the_same_direct_room_each_time(client, course_setup):
    first, second = course_setup["students"][:2]

    room = client_direct_room(client, first, second)
    again = client_direct_room(client, second, first)

    assert room == again
    assert set(RoomMember.objects.filter(room=room).values_list("user", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_nobody_else_reads_a_direct_room(client, course_setup):
    first, second = course_setup["students"][:2]
    room = client_direct_room(client, first, second)
    client.force_login(course_setup["outsider"])

    assert client.get(room.get_absolute_url()).status_code == 403
    assert (
        client.get(reverse("chat:older", args=[room.pk]), {"before": 99}).status_code
        == 403
    )


def test_one_cannot_message_oneself(client, course_setup):
    student = course_setup["students"][0]
    client.force_login(student)

    response = client.post(reverse("chat:direct", args=[student.pk]))

    assert response["Location"] == student.get_absolute_url()
    assert not Room.objects.filter(kind="direct").exists()


def test_the_public_room_is_for_verified_members(client, course_setup):
    room = Room.objects.get(kind="public")
    client.force_login(UserFactory())
    assert client.get(room.get_absolute_url()).status_code == 403

    client.force_login(course_setup["outsider"])
    assert client.get(room.get_absolute_url()).status_code == 200


def test_the_room_page_shows_messages_as_text_never_as_html(client, course_setup):
    room = course_setup["room"]
    MessageFactory(
        room=room, author=course_setup["teacher"], body="<script>alert(1)</script>"
    )
    client.force_login(course_setup["students"][0])

    page = client.get(room.get_absolute_url()).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_older_messages_load_with_htmx(client, course_setup):
    room, teacher = course_setup["room"], course_setup["teacher"]
    Message.objects.bulk_create(
        [Message(room=room, author=teacher, body=f"Note {n}") for n in range(60)]
    )
    client.force_login(course_setup["students"][0])

    page = client.get(room.get_absolute_url())
    first_shown = page.context["history"][0]
    older = client.get(
        reverse("chat:older", args=[room.pk]),
        {"before": first_shown.pk},
        headers={"HX-Request": "true"},
    )

    assert b"Load older messages" in page.content
    assert [m.body for m in older.context["history"]] == [
        f"Note {n}" for n in range(10)
    ]
    assert b"Load older messages" not in older.content
    bad = client.get(reverse("chat:older", args=[room.pk]), {"before": "x"})
    assert bad.status_code == 400


def test_the_course_chat_button_opens_the_course_room(client, course_setup):
    course = course_setup["course"]
    client.force_login(course_setup["students"][0])

    page = client.get(course.url).content.decode()
    opened = client.post(reverse("chat:course", args=[course.pk]))

    assert f'action="{reverse("chat:course", args=[course.pk])}"' in page
    assert opened["Location"] == course_setup["room"].get_absolute_url()


@pytest.mark.usefixtures("site_settings")
def test_the_first_member_to_open_a_course_chat_makes_its_room(client, course_setup):
    course = course_setup["course"]
    Room.objects.filter(course=course).delete()
    url = reverse("chat:course", args=[course.pk])
    client.force_login(course_setup["students"][0])

    before, before_writes = writes_during(lambda: client.get(url))
    opened = client.post(url)
    again, again_writes = writes_during(lambda: client.get(url))

    room = Room.objects.get(course=course)
    assert before.status_code == 404
    assert not before_writes
    assert opened["Location"] == again["Location"] == room.get_absolute_url()
    assert not again_writes


def draft_course(course_setup):
    course = course_setup["course"]
    course.unpublish()
    return course.pk, course_setup["students"][0]


def live_course_for_an_outsider(course_setup):
    return course_setup["course"].pk, course_setup["outsider"]


def no_course(course_setup):
    return 987654, course_setup["students"][0]


@pytest.mark.usefixtures("site_settings")
@pytest.mark.parametrize("case", [draft_course, live_course_for_an_outsider, no_course])
def test_course_chats_one_may_not_chat_in_are_not_found_and_make_nothing(
    client, course_setup, case
):
    Room.objects.filter(course=course_setup["course"]).delete()
    course_id, user = case(course_setup)
    url = reverse("chat:course", args=[course_id])
    client.force_login(user)
    counts = Room.objects.count(), RoomMember.objects.count()

    looked, writes = writes_during(lambda: client.get(url))
    posted = client.post(url)

    assert (looked.status_code, posted.status_code) == (404, 404)
    assert not writes
    assert (Room.objects.count(), RoomMember.objects.count()) == counts
    assert course_setup["course"].title not in looked.content.decode()


@pytest.mark.usefixtures("site_settings")
def test_reading_chat_pages_writes_nothing(client, course_setup):
    student, classmate = course_setup["students"][:2]
    room = course_setup["room"]
    direct = client_direct_room(client, classmate, student)
    Message.objects.bulk_create(
        [Message(room=room, author=classmate, body=f"Note {n}") for n in range(60)]
    )
    client.force_login(student)
    rows = RoomMember.objects.count()
    urls = [
        reverse("chat:my_chats"),
        room.get_absolute_url(),
        direct.get_absolute_url(),
        reverse("chat:older", args=[room.pk]) + f"?before={Message.objects.first().pk}",
        reverse("chat:course", args=[course_setup["course"].pk]),
        reverse("chat:public"),
    ]

    for url in urls:
        response, writes = writes_during(lambda url=url: client.get(url))
        assert response.status_code in (200, 302), url
        assert not writes, url
    assert RoomMember.objects.count() == rows


def test_my_chats_lists_only_rooms_one_may_still_join(client, course_setup):
    leaver, stayer = course_setup["students"][:2]
    room = course_setup["room"]
    RoomMemberFactory(room=room, user=leaver)
    RoomMemberFactory(room=room, user=stayer)
    RoomMemberFactory(room=room, user=course_setup["teacher"])
    Enrollment.objects.filter(user=leaver).delete()

    client.force_login(leaver)
    left = client.get(reverse("chat:my_chats"))
    course_setup["course"].unpublish()
    client.force_login(stayer)
    unpublished = client.get(reverse("chat:my_chats"))
    client.force_login(course_setup["teacher"])
    teacher = client.get(reverse("chat:my_chats"))

    assert [summary.room.kind for summary in left.context["rooms"]] == ["public"]
    assert [summary.room.kind for summary in unpublished.context["rooms"]] == ["public"]
    assert course_setup["course"].title not in unpublished.content.decode()
    assert room in [summary.room for summary in teacher.context["rooms"]]


def test_unread_counts_messages_since_one_joined_in_rooms_never_opened(
    client, course_setup
):
    student, teacher = course_setup["students"][0], course_setup["teacher"]
    public = Room.objects.get(kind="public")
    old = MessageFactory(room=public, author=teacher, body="Before you")
    Message.objects.filter(pk=old.pk).update(
        created_at=student.date_joined - timedelta(days=1)
    )
    MessageFactory(room=public, author=teacher, body="Since you came")
    MessageFactory(room=public, author=student, body="My own")
    client.force_login(student)

    summaries = client.get(reverse("chat:my_chats")).context["rooms"]

    assert {summary.room.kind: summary.unread for summary in summaries} == {
        "public": 1,
        "course": 0,
    }


def test_a_draft_course_room_shows_nothing_to_its_students(client, course_setup):
    room = course_setup["room"]
    MessageFactory(room=room, author=course_setup["teacher"], body="Secret")
    course_setup["course"].unpublish()
    client.force_login(course_setup["students"][0])

    page = client.get(room.get_absolute_url())
    older = client.get(reverse("chat:older", args=[room.pk]), {"before": 10**6})

    assert (page.status_code, older.status_code) == (403, 403)
    for response in (page, older):
        assert course_setup["course"].title not in response.content.decode()
        assert "Secret" not in response.content.decode()
