"""Moderators' verdicts on reported messages."""

import json
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from chat.models import Message, Report, RoomMember
from chat.services import (
    message_post,
    message_report,
    report_delete_message,
    report_dismiss,
    report_mute_author,
    room_join,
)
from members.factories import AdminFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(course_setup):
    """A student's message in the course room, reported by two classmates."""
    author, first, second = course_setup["students"]
    message = message_post(
        member=room_join(user=author, room=course_setup["room"]), body="Rude words"
    )
    message_report(
        member=room_join(user=first, room=message.room), message=message, reason="Rude"
    )
    message_report(member=room_join(user=second, room=message.room), message=message)
    return message


def open_reports(message: Message) -> int:
    return Report.objects.filter(message=message, resolved_at__isnull=True).count()


def verdicts() -> list[tuple[str, int]]:
    return list(ModelLogEntry.objects.values_list("action", "user_id"))


def test_deleting_a_reported_message_tells_the_room_and_keeps_who_did_it(
    reported, moderator, django_capture_on_commit_callbacks
):
    layer = get_channel_layer()
    listener = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(reported.room.group_name, listener)
    message_id = reported.pk

    with django_capture_on_commit_callbacks(execute=True):
        report_delete_message(message=reported, moderator=moderator)

    event = async_to_sync(layer.receive)(listener)
    assert (event["type"], json.loads(event["frame"])) == (
        "chat.frame",
        {"type": "deleted", "id": message_id},
    )
    assert not Message.objects.filter(pk=message_id).exists()
    # The reports go with the message; the audit log keeps the verdict.
    assert verdicts() == [("chat.report.delete_message", moderator.pk)] * 2


def test_muting_the_author_keeps_the_message_and_resolves_its_reports(
    reported, moderator
):
    before = timezone.now()

    member = report_mute_author(message=reported, moderator=moderator, minutes=60)

    assert member.user == reported.author
    assert before + timedelta(minutes=59) < member.muted_until
    assert member.muted_until <= timezone.now() + timedelta(minutes=60)
    assert Message.objects.filter(pk=reported.pk).exists()
    assert open_reports(reported) == 0
    assert set(
        Report.objects.filter(message=reported).values_list("resolved_by", flat=True)
    ) == {moderator.pk}
    assert verdicts() == [("chat.report.mute_author", moderator.pk)] * 2


def test_dismissing_keeps_the_message_and_resolves_every_report_of_it(
    reported, moderator
):
    admin = AdminFactory()

    report_dismiss(message=reported, moderator=admin)

    assert Message.objects.filter(pk=reported.pk).exists()
    assert open_reports(reported) == 0
    assert not RoomMember.objects.get(user=reported.author).is_muted
    assert verdicts() == [("chat.report.dismiss", admin.pk)] * 2


@pytest.mark.parametrize("who", ["teacher", "reporter"])
def test_only_chat_moderators_give_verdicts_on_reports(reported, course_setup, who):
    """Not even the course's teacher, who deletes and mutes in the room itself."""
    user = course_setup["teacher"] if who == "teacher" else course_setup["students"][1]

    for verdict in (
        lambda: report_delete_message(message=reported, moderator=user),
        lambda: report_mute_author(message=reported, moderator=user, minutes=60),
        lambda: report_dismiss(message=reported, moderator=user),
    ):
        with pytest.raises(PermissionDenied):
            verdict()

    assert Message.objects.filter(pk=reported.pk).exists()
    assert not RoomMember.objects.get(user=reported.author).is_muted
    assert open_reports(reported) == 2
    assert verdicts() == []


def test_a_verdict_on_reports_already_resolved_changes_nothing(reported, moderator):
    report_dismiss(message=reported, moderator=moderator)

    with pytest.raises(ValidationError, match="already resolved"):
        report_delete_message(message=reported, moderator=AdminFactory())
    with pytest.raises(ValidationError, match="already resolved"):
        report_mute_author(message=reported, moderator=moderator, minutes=60)

    assert Message.objects.filter(pk=reported.pk).exists()
    assert not RoomMember.objects.get(user=reported.author).is_muted
    assert len(verdicts()) == 2


@pytest.mark.parametrize(
    ("author", "minutes", "error"),
    [
        ("teacher", 60, "Moderators cannot be muted."),
        ("student", 0, "between a minute and a week"),
        ("student", 8 * 24 * 60, "between a minute and a week"),
    ],
)
def test_a_mute_that_cannot_be_leaves_the_reports_open(
    course_setup, moderator, author, minutes, error
):
    writer = (
        course_setup["teacher"] if author == "teacher" else course_setup["students"][0]
    )
    message = message_post(
        member=room_join(user=writer, room=course_setup["room"]), body="Hm"
    )
    message_report(
        member=room_join(user=course_setup["students"][1], room=message.room),
        message=message,
    )

    with pytest.raises(ValidationError, match=error):
        report_mute_author(message=message, moderator=moderator, minutes=minutes)

    assert open_reports(message) == 1
    assert not RoomMember.objects.get(user=writer).is_muted
    assert verdicts() == []
