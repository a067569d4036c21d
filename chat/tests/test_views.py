from django.urls import reverse

import pytest

from chat.models import Message, Report, Room, RoomMember
from chat.services import public_room
from members.deletion import account_data_export, account_delete
from members.factories import AdminFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_my_chats_lists_my_rooms_newest_activity_first_with_unread_counts(
    client, course_setup
):
    student, classmate = course_setup["students"][:2]
    direct = client_direct_room(client, classmate, student)
    Message.objects.create(room=direct, author=classmate, body="Hello!")
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
    room = public_room()
    client.force_login(UserFactory())
    assert client.get(room.get_absolute_url()).status_code == 403

    client.force_login(course_setup["outsider"])
    assert client.get(room.get_absolute_url()).status_code == 200


def test_the_room_page_shows_messages_as_text_never_as_html(client, course_setup):
    room = course_setup["room"]
    Message.objects.create(
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


def test_the_course_page_links_members_to_the_course_chat(client, course_setup):
    client.force_login(course_setup["students"][0])

    page = client.get(course_setup["course"].url).content.decode()
    room = client.get(reverse("chat:course", args=[course_setup["course"].pk]))

    assert reverse("chat:course", args=[course_setup["course"].pk]) in page
    assert room["Location"] == course_setup["room"].get_absolute_url()


def test_an_admin_deletes_a_reported_message(client, course_setup):
    student = course_setup["students"][0]
    message = Message.objects.create(
        room=course_setup["room"], author=student, body="Spam, spam"
    )
    report = Report.objects.create(
        message=message, reporter=course_setup["students"][1], reason="Spam"
    )
    admin = AdminFactory()
    client.force_login(admin)

    listing = client.get("/admin/snippets/chat/report/")
    confirm = client.get(reverse("chat_resolve_report", args=[report.pk, "delete"]))
    client.post(reverse("chat_resolve_report", args=[report.pk, "delete"]))

    assert b"Spam, spam" in listing.content
    assert b"Delete the message for everyone" in confirm.content
    assert not Message.objects.exists()


def test_an_admin_dismisses_a_report_and_the_message_stays(client, course_setup):
    message = Message.objects.create(
        room=course_setup["room"], author=course_setup["teacher"], body="Fine"
    )
    report = Report.objects.create(
        message=message, reporter=course_setup["students"][0]
    )
    admin = AdminFactory()
    client.force_login(admin)

    client.post(reverse("chat_resolve_report", args=[report.pk, "dismiss"]))

    report.refresh_from_db()
    assert report.resolved_by == admin
    assert Message.objects.exists()


def test_teachers_do_not_review_reports_in_the_admin(client, course_setup):
    message = Message.objects.create(
        room=course_setup["room"], author=course_setup["students"][0], body="Hm"
    )
    report = Report.objects.create(
        message=message, reporter=course_setup["students"][1]
    )
    client.force_login(course_setup["teacher"])

    response = client.post(reverse("chat_resolve_report", args=[report.pk, "delete"]))

    assert response.status_code in (302, 403)
    assert Message.objects.exists()


def test_a_deleted_account_takes_its_messages_along(course_setup):
    student = course_setup["students"][0]
    Message.objects.create(room=course_setup["room"], author=student, body="Bye")
    Message.objects.create(
        room=course_setup["room"], author=course_setup["teacher"], body="Stay"
    )

    assert account_data_export(user=student)["chat_messages"][0]["body"] == "Bye"
    account_delete(user=student)

    assert list(Message.objects.values_list("body", flat=True)) == ["Stay"]
