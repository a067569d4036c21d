"""The chat API: my rooms with what is unread, a room, and its history."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from chat.factories import MessageFactory, RoomMemberFactory
from chat.models import Message, Room, RoomMember
from chat.selectors import HISTORY_PAGE
from chat.services import direct_room_open
from courses.models import Enrollment
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/chat"


def rooms_by_kind(body: dict) -> dict[str, dict]:
    return {room["kind"]: room for room in body["results"]}


@pytest.mark.parametrize("path", ["/rooms", "/rooms/{room}", "/rooms/{room}/messages"])
def test_anonymous_callers_must_sign_in(api_client, course_setup, path):
    response = api_client().get(API + path.format(room=course_setup["room"].pk))

    assert response.status_code == 401


def test_my_rooms_come_newest_activity_first_with_unread_and_last_message(
    api_client, course_setup
):
    student, classmate = course_setup["students"][:2]
    course_room = course_setup["room"]
    direct = direct_room_open(user=classmate, other=student)
    MessageFactory(room=course_room, author=course_setup["teacher"], body="Welcome")
    MessageFactory(room=direct, author=student, body="Hi")
    latest = MessageFactory(room=direct, author=classmate, body="<b>Hello</b>")
    Room.objects.filter(pk=direct.pk).update(last_message_at=latest.created_at)

    body = api_client(student).get(f"{API}/rooms").json()

    assert [room["kind"] for room in body["results"]] == ["direct", "course", "public"]
    rooms = rooms_by_kind(body)
    assert rooms["direct"]["title"] == str(classmate)
    assert rooms["direct"]["unread"] == 1
    assert rooms["direct"]["last_message"] == {
        "id": latest.pk,
        "body": "<b>Hello</b>",
        "author": {
            "id": classmate.pk,
            "name": str(classmate),
            "url": classmate.get_absolute_url(),
        },
        "created_at": latest.created_at.isoformat(),
        "edited": False,
    }
    assert rooms["course"]["title"] == course_setup["course"].title
    assert rooms["course"]["course"]["id"] == course_setup["course"].pk
    assert rooms["course"]["unread"] == 1
    assert rooms["public"]["last_message"] is None
    assert rooms["direct"]["url"] == f"http://testserver{API}/rooms/{direct.pk}"
    assert rooms["direct"]["messages_url"].endswith(f"/rooms/{direct.pk}/messages")
    assert rooms["direct"]["websocket_url"] == f"ws://testserver/ws/chat/{direct.pk}/"


def test_rooms_one_may_not_join_are_not_listed(api_client, course_setup):
    student, classmate = course_setup["students"][:2]
    theirs = direct_room_open(user=classmate, other=course_setup["teacher"])
    MessageFactory(room=theirs, author=classmate, body="Between us")
    unverified = UserFactory()
    Enrollment.objects.filter(user=student).delete()

    left = api_client(student).get(f"{API}/rooms").json()
    outsider = api_client(unverified).get(f"{API}/rooms").json()

    assert [room["kind"] for room in left["results"]] == ["public"]
    # The public room is for verified members.
    assert outsider["results"] == []
    assert "Between us" not in str(left)


@pytest.mark.parametrize("size", [2, 6])
def test_my_rooms_cost_the_same_queries_however_many(api_client, course_setup, size):
    student = course_setup["students"][0]
    for _ in range(size):
        room = direct_room_open(user=student, other=UserFactory())
        MessageFactory(room=room, author=student)
    client = api_client(student)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{API}/rooms")

    assert response.json()["count"] == size + 2
    # The same few, however many rooms: none for each room (one asks which
    # courses have prerequisites, which decide their rooms' members).
    assert len(queries) == 8


def test_a_room_i_may_join(api_client, course_setup):
    room = course_setup["room"]

    response = api_client(course_setup["students"][0]).get(f"{API}/rooms/{room.pk}")

    body = response.json()
    assert (body["id"], body["kind"], body["title"]) == (
        room.pk,
        "course",
        course_setup["course"].title,
    )
    assert body["html_url"] == f"http://testserver{room.get_absolute_url()}"
    assert body["course"]["url"].endswith(f"/courses/{course_setup['course'].pk}")


def test_a_direct_room_is_named_after_the_other_member(api_client, course_setup):
    student, classmate = course_setup["students"][:2]
    room = direct_room_open(user=classmate, other=student)

    body = api_client(student).get(f"{API}/rooms/{room.pk}").json()

    assert (body["title"], body["course"]) == (str(classmate), None)


@pytest.mark.parametrize("path", ["/rooms/{room}", "/rooms/{room}/messages"])
def test_others_rooms_are_not_found(api_client, course_setup, path):
    student, classmate = course_setup["students"][:2]
    direct = direct_room_open(user=classmate, other=course_setup["teacher"])
    MessageFactory(room=direct, author=classmate, body="Between us")
    MessageFactory(room=course_setup["room"], body="Course only")

    for user, room in [
        (student, direct),
        (course_setup["outsider"], course_setup["room"]),
    ]:
        response = api_client(user).get(API + path.format(room=room.pk))

        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        assert "Between us" not in response.content.decode()
        assert "Course only" not in response.content.decode()
    assert api_client(student).get(API + path.format(room=987654)).status_code == 404
    assert api_client(student).get(API + path.format(room=2**63)).status_code == 422


def test_a_draft_course_room_is_not_found_by_its_students(api_client, course_setup):
    room = course_setup["room"]
    MessageFactory(room=room, author=course_setup["teacher"], body="Secret")
    course_setup["course"].unpublish()
    client = api_client(course_setup["students"][0])

    for path in (f"/rooms/{room.pk}", f"/rooms/{room.pk}/messages"):
        response = client.get(API + path)
        assert response.status_code == 404
        assert "Secret" not in response.content.decode()


def test_history_pages_back_from_the_latest(api_client, course_setup):
    room, teacher = course_setup["room"], course_setup["teacher"]
    Message.objects.bulk_create(
        [Message(room=room, author=teacher, body=f"Note {n}") for n in range(60)]
    )
    client = api_client(course_setup["students"][0])

    latest = client.get(f"{API}/rooms/{room.pk}/messages").json()
    older = client.get(latest["next"]).json()

    assert latest["count"] == older["count"] == 60
    assert [m["body"] for m in latest["results"]] == [
        f"Note {n}" for n in range(10, 60)
    ]
    assert latest["next"] == (
        f"http://testserver{API}/rooms/{room.pk}/messages"
        f"?before={latest['results'][0]['id']}"
    )
    assert [m["body"] for m in older["results"]] == [f"Note {n}" for n in range(10)]
    assert older["next"] is None
    assert HISTORY_PAGE == 50


def test_history_shows_messages_as_the_socket_sends_them(api_client, course_setup):
    room, teacher = course_setup["room"], course_setup["teacher"]
    message = MessageFactory(room=room, author=teacher, body="<script>x</script>")

    body = api_client(teacher).get(f"{API}/rooms/{room.pk}/messages").json()

    assert body["results"] == [
        {
            "id": message.pk,
            "body": "<script>x</script>",
            "author": {
                "id": teacher.pk,
                "name": str(teacher),
                "url": teacher.get_absolute_url(),
            },
            "created_at": message.created_at.isoformat(),
            "edited": False,
        }
    ]
    assert (body["count"], body["next"], body["previous"]) == (1, None, None)


@pytest.mark.parametrize("before", ["x", "0", "-5", "1.5"])
def test_a_bad_before_is_refused(api_client, course_setup, before):
    room = course_setup["room"]

    response = api_client(course_setup["teacher"]).get(
        f"{API}/rooms/{room.pk}/messages", {"before": before}
    )

    assert response.status_code == 422
    assert "before" in response.json()["fields"]


def test_a_before_beyond_every_id_gives_the_latest_page(api_client, course_setup):
    room = course_setup["room"]
    MessageFactory(room=room, body="Only one")

    response = api_client(course_setup["teacher"]).get(
        f"{API}/rooms/{room.pk}/messages", {"before": 2**63}
    )

    assert [m["body"] for m in response.json()["results"]] == ["Only one"]


@pytest.mark.parametrize("size", [2, 6])
def test_history_costs_the_same_queries_however_long(api_client, course_setup, size):
    room = course_setup["room"]
    for _ in range(size):
        MessageFactory(room=room, author=UserFactory())
    client = api_client(course_setup["teacher"])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{API}/rooms/{room.pk}/messages")

    assert len(response.json()["results"]) == size
    assert len(queries) == 5


def test_reading_marks_nothing_read(api_client, course_setup):
    student = course_setup["students"][0]
    room = course_setup["room"]
    member = RoomMemberFactory(room=room, user=student)
    MessageFactory(room=room, author=course_setup["teacher"])
    client = api_client(student)

    client.get(f"{API}/rooms/{room.pk}")
    client.get(f"{API}/rooms/{room.pk}/messages")

    assert RoomMember.objects.get(pk=member.pk).last_read_at == member.last_read_at
    assert rooms_by_kind(client.get(f"{API}/rooms").json())["course"]["unread"] == 1
