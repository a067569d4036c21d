"""The chat socket through the whole ASGI stack, on both channel layers."""

import asyncio
import json

from django.conf import settings
from django.test import Client
from django.urls import reverse

import pytest
from channels.db import database_sync_to_async

from chat import consumers
from chat.consumers import FRAME_MAX_LENGTH
from chat.factories import MessageFactory, RoomMemberFactory
from chat.models import MESSAGE_MAX_LENGTH, Message, Report, RoomMember
from chat.selectors import HISTORY_PAGE, room_list_for
from chat.services import direct_room_open
from chat.tests.conftest import (
    joined,
    next_of,
    open_socket,
    session_cookie,
    shown_out_because,
)
from courses.models import CoursePage, Enrollment
from members.factories import AdminFactory, TeacherFactory
from members.models import User

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("channel_layer", "close_thread_connections"),
]


async def test_anonymous_visitors_are_refused(course_setup):
    _, connected, code = await open_socket(None, course_setup["room"])

    assert not connected
    # Not signed in (the page's chat says so, and stops).
    assert code == 4401


async def test_sockets_from_other_sites_are_refused(course_setup):
    _, connected, _ = await open_socket(
        course_setup["students"][0],
        course_setup["room"],
        origin=b"https://evil.example",
    )

    assert not connected


async def test_non_members_are_refused(course_setup):
    _, connected, code = await open_socket(
        course_setup["outsider"], course_setup["room"]
    )

    assert (connected, code) == (False, 4403)


async def test_a_member_joins_with_the_recent_history_and_who_is_online(course_setup):
    student = course_setup["students"][0]
    await database_sync_to_async(MessageFactory)(
        room=course_setup["room"], author=course_setup["teacher"], body="Welcome!"
    )
    communicator, connected, _ = await open_socket(student, course_setup["room"])

    history = await communicator.receive_json_from()
    presence = await communicator.receive_json_from()

    assert connected
    assert [m["body"] for m in history["messages"]] == ["Welcome!"]
    assert [person["id"] for person in presence["online"]] == [student.pk]
    await communicator.disconnect()


async def test_messages_reach_everyone_in_the_room_and_are_kept(course_setup):
    first, second, third = course_setup["students"]
    sockets = [
        await joined(user, course_setup["room"]) for user in (first, second, third)
    ]
    teacher = await joined(course_setup["teacher"], course_setup["room"])

    await sockets[0].send_json_to(
        {"type": "message", "body": "Is <b>this</b> on the test?"}
    )

    for socket in [*sockets, teacher]:
        frame = await next_of(socket, "message")
        assert frame["message"]["body"] == "Is <b>this</b> on the test?"
        assert frame["message"]["author"]["id"] == first.pk
    stored = await database_sync_to_async(Message.objects.get)()
    assert stored.body == "Is <b>this</b> on the test?"
    for socket in [*sockets, teacher]:
        await socket.disconnect()


async def test_older_messages_come_a_page_at_a_time(course_setup):
    room, teacher = course_setup["room"], course_setup["teacher"]
    await database_sync_to_async(Message.objects.bulk_create)(
        [
            Message(room=room, author=teacher, body=f"Note {n}")
            for n in range(HISTORY_PAGE + 5)
        ]
    )
    communicator, _, _ = await open_socket(course_setup["students"][0], room)
    opening = await communicator.receive_json_from()
    await communicator.receive_json_from()

    await communicator.send_json_to(
        {"type": "history", "before": opening["messages"][0]["id"]}
    )
    older = await next_of(communicator, "history")
    await communicator.send_json_to(
        {"type": "history", "before": older["messages"][0]["id"]}
    )
    end = await next_of(communicator, "history")

    assert len(opening["messages"]) == HISTORY_PAGE
    assert opening["messages"][-1]["body"] == f"Note {HISTORY_PAGE + 4}"
    assert [m["body"] for m in older["messages"]] == [f"Note {n}" for n in range(5)]
    assert end["complete"]
    await communicator.disconnect()


async def test_sending_too_fast_gets_an_error_frame_not_a_dropped_socket(
    course_setup, settings
):
    settings.CHAT_RATE_LIMIT_COUNT = 3
    communicator = await joined(course_setup["students"][0], course_setup["room"])

    for number in range(3):
        await communicator.send_json_to({"type": "message", "body": f"Hi {number}"})
        await next_of(communicator, "message")
    await communicator.send_json_to({"type": "message", "body": "One too many"})
    error = await next_of(communicator, "error")
    await communicator.send_json_to({"type": "history", "before": 10**9})
    still_open = await next_of(communicator, "history")

    assert error["code"] == "rate_limited"
    assert still_open["type"] == "history"
    assert await database_sync_to_async(Message.objects.count)() == 3
    await communicator.disconnect()


async def test_the_teacher_mutes_a_student_in_the_room(course_setup):
    student, other = course_setup["students"][:2]
    teacher = await joined(course_setup["teacher"], course_setup["room"])
    muted = await joined(student, course_setup["room"])
    bystander = await joined(other, course_setup["room"])

    await bystander.send_json_to({"type": "mute", "user": student.pk, "minutes": 10})
    refused = await next_of(bystander, "error")
    await teacher.send_json_to({"type": "mute", "user": student.pk, "minutes": 10})
    notice = await next_of(muted, "muted")
    await muted.send_json_to({"type": "message", "body": "Let me speak!"})
    error = await next_of(muted, "error")

    assert refused["code"] == "forbidden"
    assert notice["user"] == student.pk
    assert error["code"] == "forbidden"
    assert "muted" in error["message"]
    assert not await database_sync_to_async(Message.objects.exists)()
    for socket in (teacher, muted, bystander):
        await socket.disconnect()


async def test_a_moderator_deletes_a_message_and_it_goes_for_everyone(course_setup):
    student = course_setup["students"][0]
    author = await joined(student, course_setup["room"])
    teacher = await joined(course_setup["teacher"], course_setup["room"])
    await author.send_json_to({"type": "message", "body": "Something rude"})
    message_id = (await next_of(author, "message"))["message"]["id"]
    await next_of(teacher, "message")

    await teacher.send_json_to({"type": "delete", "id": message_id})

    assert (await next_of(author, "deleted"))["id"] == message_id
    assert (await next_of(teacher, "deleted"))["id"] == message_id
    assert not await database_sync_to_async(Message.objects.exists)()
    await author.disconnect()
    await teacher.disconnect()


async def test_members_edit_and_delete_only_their_own_messages(course_setup):
    first, second = course_setup["students"][:2]
    author = await joined(first, course_setup["room"])
    other = await joined(second, course_setup["room"])
    await author.send_json_to({"type": "message", "body": "Draft"})
    message_id = (await next_of(author, "message"))["message"]["id"]
    await next_of(other, "message")

    await other.send_json_to({"type": "edit", "id": message_id, "body": "Hacked"})
    edit_refused = await next_of(other, "error")
    await other.send_json_to({"type": "delete", "id": message_id})
    delete_refused = await next_of(other, "error")
    await author.send_json_to({"type": "edit", "id": message_id, "body": "Final"})
    edited = await next_of(other, "message")

    assert edit_refused["code"] == delete_refused["code"] == "forbidden"
    assert (edited["message"]["body"], edited["message"]["edited"]) == ("Final", True)
    await author.disconnect()
    await other.disconnect()


async def test_members_report_a_message_for_review(course_setup):
    first, second = course_setup["students"][:2]
    author = await joined(first, course_setup["room"])
    reporter = await joined(second, course_setup["room"])
    await author.send_json_to({"type": "message", "body": "Buy cheap essays!"})
    message_id = (await next_of(reporter, "message"))["message"]["id"]

    await reporter.send_json_to({"type": "report", "id": message_id, "reason": "Spam"})
    ack = await next_of(reporter, "reported")

    report = await database_sync_to_async(Report.objects.get)()
    assert ack["id"] == message_id
    assert (report.reason, report.reporter_id) == ("Spam", second.pk)
    await author.disconnect()
    await reporter.disconnect()


@pytest.mark.parametrize(
    "frame",
    [
        {"type": "message", "body": "x" * 2001},
        {"type": "message", "body": "   "},
        {"type": "message"},
        {"type": "edit", "id": "1; DROP TABLE", "body": "x"},
        {"type": "history", "before": "soon"},
        {"type": "shout", "body": "hello"},
        {"type": ["message"], "body": "hello"},
        ["not", "an", "object"],
    ],
)
async def test_bad_frames_get_a_clear_error(course_setup, frame):
    communicator = await joined(course_setup["students"][0], course_setup["room"])

    await communicator.send_json_to(frame)
    error = await next_of(communicator, "error")

    assert error["message"]
    assert not await database_sync_to_async(Message.objects.exists)()
    await communicator.disconnect()


@pytest.mark.parametrize(
    "frame",
    [
        {"text_data": "not json"},
        {"bytes_data": b'{"type": "message", "body": "In binary"}'},
        # Deep enough that json.loads raises RecursionError, short enough to read.
        {"text_data": "[" * (FRAME_MAX_LENGTH // 4) + "]" * (FRAME_MAX_LENGTH // 4)},
        {"text_data": "null"},
        {"text_data": "42"},
        {"text_data": '["message", "Hi"]'},
    ],
)
async def test_frames_that_are_not_json_objects_get_an_error_and_the_socket_stays(
    course_setup, frame
):
    communicator = await joined(course_setup["students"][0], course_setup["room"])

    await communicator.send_to(**frame)
    error = await next_of(communicator, "error")
    await communicator.send_json_to({"type": "message", "body": "Still here"})
    posted = await next_of(communicator, "message")

    assert error["code"] == "invalid"
    assert posted["message"]["body"] == "Still here"
    assert await database_sync_to_async(Message.objects.count)() == 1
    await communicator.disconnect()


@pytest.mark.parametrize(
    "text_data",
    [
        json.dumps({"type": "ping", "pad": "x" * FRAME_MAX_LENGTH}),
        "[" * 100000 + "]" * 100000,
    ],
)
async def test_an_oversized_frame_is_not_read(course_setup, text_data):
    communicator = await joined(course_setup["students"][0], course_setup["room"])

    await communicator.send_to(text_data=text_data)
    error = await next_of(communicator, "error")
    await communicator.send_json_to({"type": "message", "body": "Still here"})
    posted = await next_of(communicator, "message")

    assert error["code"] == "too_large"
    assert posted["message"]["body"] == "Still here"
    await communicator.disconnect()


async def test_the_longest_message_full_of_emoji_fits_in_a_frame(course_setup):
    communicator = await joined(course_setup["students"][0], course_setup["room"])

    # send_json_to escapes every emoji as \ud83d\ude00.
    await communicator.send_json_to(
        {"type": "message", "body": "\N{GRINNING FACE}" * MESSAGE_MAX_LENGTH}
    )
    posted = await next_of(communicator, "message")

    assert len(posted["message"]["body"]) == MESSAGE_MAX_LENGTH
    await communicator.disconnect()


async def test_opening_the_room_marks_it_read(course_setup):
    student, room = course_setup["students"][0], course_setup["room"]
    await database_sync_to_async(RoomMemberFactory)(room=room, user=student)
    await database_sync_to_async(MessageFactory)(
        room=room, author=course_setup["teacher"], body="Homework is up"
    )
    before = await database_sync_to_async(unread_in)(student, room)

    communicator = await joined(student, room)
    after = await database_sync_to_async(unread_in)(student, room)

    assert (before, after) == (1, 0)
    await communicator.disconnect()


def unread_in(user, room) -> int:
    return next(
        summary.unread for summary in room_list_for(user=user) if summary.room == room
    )


@pytest.mark.parametrize(
    "frame",
    [
        {"type": "message", "body": "Still here?"},
        # Catching up after a dropped connection follows the room's rule too.
        {"type": "history", "after": 0},
    ],
)
async def test_a_member_who_leaves_the_course_is_shown_out(course_setup, frame):
    student = course_setup["students"][0]
    await database_sync_to_async(MessageFactory)(
        room=course_setup["room"], author=course_setup["teacher"], body="Secret"
    )
    communicator = await joined(student, course_setup["room"])
    await database_sync_to_async(Enrollment.objects.filter(user=student).delete)()

    await communicator.send_json_to(frame)
    error = await next_of(communicator, "error")
    closed = await communicator.receive_output(timeout=3)

    assert error["code"] == "forbidden"
    assert closed == {"type": "websocket.close", "code": 4403}
    assert await database_sync_to_async(Message.objects.count)() == 1


async def test_a_member_back_from_a_dropped_connection_misses_nothing(course_setup):
    room, teacher = course_setup["room"], course_setup["teacher"]
    student = course_setup["students"][0]
    dropped = await joined(student, room)
    writer = await joined(teacher, room)
    await writer.send_json_to({"type": "message", "body": "Seen live"})
    last_seen = (await next_of(dropped, "message"))["message"]["id"]
    await dropped.disconnect()
    # More than a page is written while the student is away.
    await database_sync_to_async(Message.objects.bulk_create)(
        [
            Message(room=room, author=teacher, body=f"Missed {n}")
            for n in range(HISTORY_PAGE + 10)
        ]
    )

    back = await joined(student, room)
    await back.send_json_to({"type": "history", "after": last_seen})
    first = await next_of(back, "history")
    await back.send_json_to({"type": "history", "after": first["messages"][-1]["id"]})
    rest = await next_of(back, "history")

    caught_up = [m["body"] for m in first["messages"] + rest["messages"]]
    assert caught_up == [f"Missed {n}" for n in range(HISTORY_PAGE + 10)]
    assert (first["complete"], rest["complete"]) == (False, True)
    await writer.disconnect()
    await back.disconnect()


async def test_presence_follows_who_comes_and_goes(course_setup):
    first, second = course_setup["students"][:2]
    watcher = await joined(first, course_setup["room"])
    visitor = await joined(second, course_setup["room"])
    second_tab = await joined(second, course_setup["room"])

    arrived = await next_of(watcher, "arrived")
    await second_tab.disconnect()
    await visitor.disconnect()
    left = await next_of(watcher, "left")

    # One arrival and one departure, however many tabs the visitor had open.
    assert arrived["user"] == {"id": second.pk, "name": str(second)}
    assert left["user"] == second.pk
    await watcher.send_json_to({"type": "history", "before": 1})
    assert (await watcher.receive_json_from())["type"] == "history"
    await watcher.disconnect()


async def test_reading_clears_the_unread_count(course_setup):
    first, second = course_setup["students"][:2]
    writer = await joined(first, course_setup["room"])
    reader = await joined(second, course_setup["room"])
    await writer.send_json_to({"type": "message", "body": "News"})
    await next_of(reader, "message")

    before = await database_sync_to_async(unread_in)(second, course_setup["room"])
    await reader.send_json_to({"type": "read"})
    await reader.send_json_to({"type": "history", "before": 1})  # a round trip
    await next_of(reader, "history")
    after = await database_sync_to_async(unread_in)(second, course_setup["room"])

    assert (before, after) == (1, 0)
    assert await database_sync_to_async(RoomMember.objects.count)() == 2
    await writer.disconnect()
    await reader.disconnect()


async def shown_out(listening) -> None:
    """The socket is told it is no longer a member, then closed."""
    await shown_out_because(listening, code="forbidden", close_code=4403)


async def signed_out(listening) -> None:
    """The socket is told its sign-in has ended, then closed."""
    await shown_out_because(listening, code="signed_out", close_code=4401)


def sign_out(cookie: str) -> None:
    """Sign out as the site's button does, in the session `cookie`."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert client.post(reverse("account_logout")).status_code == 302


async def test_signing_out_ends_the_sessions_socket_without_a_frame(
    course_setup, monkeypatch
):
    monkeypatch.setattr(consumers, "RECHECK_SECONDS", 0.2)
    student, writer = course_setup["students"][:2]
    cookie = await database_sync_to_async(session_cookie)(student)
    listening = await joined(student, course_setup["room"], cookie=cookie)
    speaking = await joined(writer, course_setup["room"])

    await database_sync_to_async(sign_out)(cookie)

    await signed_out(listening)
    await speaking.send_json_to({"type": "message", "body": "After you left"})
    await next_of(speaking, "message")
    assert await listening.receive_nothing(timeout=0.5)
    await speaking.disconnect()


async def test_a_password_changed_elsewhere_refuses_the_sessions_next_frame(
    course_setup,
):
    student = course_setup["students"][0]
    speaking = await joined(student, course_setup["room"])

    # Changed in another browser: the sessions begun before it end.
    student.set_password("a-new-password-1")
    await database_sync_to_async(student.save)()
    await speaking.send_json_to({"type": "message", "body": "Still me?"})

    await signed_out(speaking)
    assert not await database_sync_to_async(Message.objects.exists)()


async def test_a_member_who_leaves_hears_nothing_more_without_sending(
    course_setup, monkeypatch
):
    monkeypatch.setattr(consumers, "RECHECK_SECONDS", 0.2)
    leaver, stayer = course_setup["students"][:2]
    listening = await joined(leaver, course_setup["room"])
    writer = await joined(stayer, course_setup["room"])
    await database_sync_to_async(Enrollment.objects.filter(user=leaver).delete)()

    # Nobody speaks: the socket is checked again all the same.
    await shown_out(listening)
    await writer.send_json_to({"type": "message", "body": "Course secrets"})
    await next_of(writer, "message")
    assert await listening.receive_nothing(timeout=0.5)
    await writer.disconnect()


async def test_a_member_is_shown_out_once_by_their_frame_or_a_recheck(
    course_setup, monkeypatch
):
    monkeypatch.setattr(consumers, "RECHECK_SECONDS", 0.2)
    leaver = course_setup["students"][0]
    listening = await joined(leaver, course_setup["room"])
    await database_sync_to_async(Enrollment.objects.filter(user=leaver).delete)()

    await listening.send_json_to({"type": "read"})

    await shown_out(listening)
    # Rechecks came due meanwhile: they find the member out already.
    assert await listening.receive_nothing(timeout=0.6)
    await listening.disconnect()


async def test_a_recheck_that_fails_closes_the_socket_for_the_client_to_retry(
    course_setup, monkeypatch, caplog
):
    def check_failed(self):
        raise ConnectionError("the database went away")

    monkeypatch.setattr(consumers, "RECHECK_SECONDS", 0.2)
    monkeypatch.setattr(consumers.ChatConsumer, "_place", check_failed)
    listening = await joined(course_setup["students"][0], course_setup["room"])

    closed = await listening.receive_output(timeout=3)

    # Not 4403: the client connects again, and is checked then.
    assert closed == {"type": "websocket.close", "code": 1011}
    assert "Chat membership check failed" in caplog.text


async def test_a_sockets_rechecks_end_with_it(course_setup):
    def rechecks() -> list[asyncio.Task]:
        return [
            task
            for task in asyncio.all_tasks()
            if task.get_coro().__qualname__ == "ChatConsumer._recheck"
            and not task.done()
        ]

    first, second = course_setup["students"][:2]
    leaving = await joined(first, course_setup["room"])
    failing = await joined(second, course_setup["room"])
    assert len(rechecks()) == 2

    await leaving.disconnect()
    # However a consumer ends, as when the server cancels it.
    failing.future.cancel()
    await asyncio.sleep(0.1)

    assert rechecks() == []


async def test_an_account_deactivated_or_no_longer_teaching_hears_nothing_more(
    course_setup, monkeypatch
):
    """
    The socket's user is read again at each check: what it was when the
    socket opened (active, a co-teacher) does not keep it in the room.
    """
    monkeypatch.setattr(consumers, "RECHECK_SECONDS", 0.2)
    student = course_setup["students"][0]
    course = course_setup["room"].course
    co_teacher = await database_sync_to_async(TeacherFactory)()
    co_teaching = CoursePage.co_teachers.through.objects
    await database_sync_to_async(co_teaching.create)(coursepage=course, user=co_teacher)
    listeners = [
        await joined(student, course_setup["room"]),
        await joined(co_teacher, course_setup["room"]),
    ]
    await database_sync_to_async(User.objects.filter(pk=student.pk).update)(
        is_active=False
    )
    await database_sync_to_async(co_teaching.filter(user=co_teacher).delete)()

    for listening in listeners:
        await shown_out(listening)


async def test_a_course_unpublished_shows_its_students_out(course_setup, monkeypatch):
    monkeypatch.setattr(consumers, "RECHECK_SECONDS", 0.2)
    listening = await joined(course_setup["students"][0], course_setup["room"])

    await database_sync_to_async(course_setup["course"].unpublish)()

    await shown_out(listening)


async def test_a_course_unpublished_refuses_its_students_next_frame(course_setup):
    # Before any recheck: the frame reads the room's course as it is now.
    speaking = await joined(course_setup["students"][0], course_setup["room"])

    await database_sync_to_async(course_setup["course"].unpublish)()
    await speaking.send_json_to({"type": "message", "body": "Still here?"})

    await shown_out(speaking)


async def test_a_deactivated_account_is_refused_its_next_frame(course_setup):
    """The frames a member sends are checked against the account as it is now."""
    student = course_setup["students"][0]
    speaker = await joined(student, course_setup["room"])
    await database_sync_to_async(User.objects.filter(pk=student.pk).update)(
        is_active=False
    )

    await speaker.send_json_to({"type": "message", "body": "Still here?"})

    await shown_out(speaker)
    assert not await database_sync_to_async(Message.objects.exists)()


async def test_muted_members_cannot_speak_by_editing_either(course_setup):
    student = course_setup["students"][0]
    speaker = await joined(student, course_setup["room"])
    teacher = await joined(course_setup["teacher"], course_setup["room"])
    await speaker.send_json_to({"type": "message", "body": "Before"})
    message_id = (await next_of(speaker, "message"))["message"]["id"]
    await teacher.send_json_to({"type": "mute", "user": student.pk, "minutes": 60})
    await next_of(speaker, "muted")

    await speaker.send_json_to({"type": "edit", "id": message_id, "body": "Shouting"})
    error = await next_of(speaker, "error")

    assert error["code"] == "forbidden"
    message = await database_sync_to_async(Message.objects.get)()
    assert message.body == "Before"
    await speaker.disconnect()
    await teacher.disconnect()


async def test_muting_never_lets_anyone_into_a_room(course_setup):
    first, second, third = course_setup["students"]
    admin = await database_sync_to_async(AdminFactory)()
    room = await database_sync_to_async(direct_room_open)(user=first, other=admin)
    moderator = await joined(admin, room)

    await moderator.send_json_to({"type": "mute", "user": third.pk, "minutes": 5})
    error = await next_of(moderator, "error")

    assert error["code"] == "invalid"
    members = await database_sync_to_async(
        lambda: set(RoomMember.objects.filter(room=room).values_list("user", flat=True))
    )()
    assert members == {first.pk, admin.pk}
    await moderator.disconnect()


async def test_a_broken_frame_is_an_error_and_presence_stays_right(course_setup):
    teacher = await joined(course_setup["teacher"], course_setup["room"])
    watcher = await joined(course_setup["students"][0], course_setup["room"])

    await teacher.send_json_to({"type": "mute", "user": "abc", "minutes": 5})
    error = await next_of(teacher, "error")
    await teacher.disconnect()
    left = await next_of(watcher, "left")

    assert error["code"] == "invalid"
    assert left["user"] == course_setup["teacher"].pk
    await watcher.disconnect()
