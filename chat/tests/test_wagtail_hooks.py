"""
Chat reports in the Wagtail admin (the listing, the review page, the verdicts),
and the account data hook.
"""

from datetime import timedelta

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

import pytest

from chat.factories import MessageFactory
from chat.models import Message, Report, RoomMember
from chat.services import message_post, message_report, room_join
from members.factories import AdminFactory
from members.selectors import account_data_export
from members.services import account_delete

pytestmark = pytest.mark.django_db

ADMIN = "wagtailsnippets_chat_report"
CHOOSER = "wagtailsnippetchoosers_chat_report"
VERDICTS = {
    "delete_message": {},
    "mute_author": {"minutes": "60"},
    "dismiss": {},
}


def chooser_urls(report: Report) -> list[str]:
    """Every view of the snippet chooser that lists or looks up reports."""
    return [
        reverse(f"{CHOOSER}:choose"),
        reverse(f"{CHOOSER}:choose_results"),
        reverse(f"{CHOOSER}:chosen", args=[report.pk]),
        f"{reverse(f'{CHOOSER}:chosen_multiple')}?id={report.pk}",
    ]


def review_url(report: Report) -> str:
    return reverse(f"{ADMIN}:inspect", args=[report.pk])


def verdict_url(report: Report, verdict: str) -> str:
    return reverse(f"{ADMIN}:{verdict}", args=[report.pk])


@pytest.fixture
def conversation(course_setup, settings):
    """A course room's messages, the middle one reported by two classmates."""
    settings.CHAT_RATE_LIMIT_COUNT = 100
    author, first, second = course_setup["students"]
    room = course_setup["room"]
    for n in range(4):
        message_post(member=room_join(user=first, room=room), body=f"Earlier {n}")
    message = message_post(
        member=room_join(user=author, room=room), body="You are all idiots"
    )
    for n in range(4):
        message_post(member=room_join(user=second, room=room), body=f"Later {n}")
    return {
        "message": message,
        "report": message_report(
            member=room_join(user=first, room=message.room),
            message=message,
            reason="Insulting",
        ),
        "other_report": message_report(
            member=room_join(user=second, room=message.room),
            message=message,
            reason="Rude",
        ),
    }


@pytest.fixture
def report(conversation):
    return conversation["other_report"]


def is_unchanged(message: Message) -> bool:
    """The message is there, its author free to write, its reports open."""
    return (
        Message.objects.filter(pk=message.pk).exists()
        and not RoomMember.objects.get(user=message.author).is_muted
        and not Report.objects.filter(resolved_at__isnull=False).exists()
    )


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_moderators_list_open_reports_newest_first_with_a_preview(
    client, moderator, course_setup, conversation
):
    resolved = message_post(
        member=room_join(user=course_setup["students"][1], room=course_setup["room"]),
        body="Old news",
    )
    message_report(
        member=room_join(user=course_setup["students"][2], room=resolved.room),
        message=resolved,
    )
    Report.objects.filter(message=resolved).update(resolved_at=timezone.now())
    client.force_login(moderator)

    listing = client.get(reverse(f"{ADMIN}:list"))
    resolved_listing = client.get(reverse(f"{ADMIN}:list"), {"status": "resolved"})

    assert listing.status_code == 200
    assert list(listing.context["object_list"]) == [
        conversation["other_report"],
        conversation["report"],
    ]
    content = listing.content.decode()
    for shown in ("You are all idiots", course_setup["course"].title, "Insulting"):
        assert shown in content
    assert str(course_setup["students"][1]) in content
    assert review_url(conversation["report"]) in content
    assert "Old news" not in content
    assert list(resolved_listing.context["object_list"]) == list(
        Report.objects.filter(message=resolved)
    )


def test_the_listing_offers_no_delete_of_a_report(client, moderator, report):
    """Deleting the record read as acting on the message: it is not offered."""
    client.force_login(moderator)

    listing = client.get(reverse(f"{ADMIN}:list"))

    assert reverse(f"{ADMIN}:delete", args=[report.pk]) not in listing.content.decode()
    assert b"bulk-action" not in listing.content


@pytest.mark.parametrize("make_user", ["moderator", "admin"])
def test_nobody_deletes_a_report_as_a_record(client, report, make_user, request):
    user = request.getfixturevalue("moderator") if make_user == "moderator" else None
    client.force_login(user or AdminFactory())
    delete_url = reverse(f"{ADMIN}:delete", args=[report.pk])
    bulk_url = reverse("wagtail_bulk_action", args=["chat", "report", "delete"])

    responses = [
        client.get(delete_url),
        client.post(delete_url),
        client.post(f"{bulk_url}?id={report.pk}"),
    ]

    assert all(response.status_code in (302, 403) for response in responses)
    assert Report.objects.filter(pk=report.pk).exists()


def test_the_review_shows_the_message_in_context_and_every_report_of_it(
    client, moderator, conversation
):
    client.force_login(moderator)

    response = client.get(review_url(conversation["report"]))

    assert response.status_code == 200
    content = response.content.decode()
    shown = [f"Earlier {n}" for n in (1, 2, 3)] + [f"Later {n}" for n in (0, 1, 2)]
    assert all(text in content for text in shown)
    assert "Earlier 0" not in content
    assert "Later 3" not in content
    assert "<mark>You are all idiots</mark>" in content
    assert "Insulting" in content
    assert "Rude" in content
    for verdict in VERDICTS:
        assert verdict_url(conversation["report"], verdict) in content


def test_a_moderator_deletes_the_message_for_everyone(client, moderator, report):
    client.force_login(moderator)

    response = client.post(verdict_url(report, "delete_message"))

    assert response.status_code == 302
    assert response["Location"] == reverse(f"{ADMIN}:list")
    assert not Message.objects.filter(pk=report.message_id).exists()
    assert flashed(response) == [
        f"The message is deleted for everyone in {report.message.room}."
    ]


def test_a_moderator_mutes_the_author_for_the_chosen_time(client, moderator, report):
    client.force_login(moderator)

    response = client.post(verdict_url(report, "mute_author"), {"minutes": "10080"})

    member = RoomMember.objects.get(user=report.message.author)
    assert response.status_code == 302
    assert member.is_muted
    assert member.muted_until > timezone.now() + timedelta(days=6, hours=23)
    assert Message.objects.filter(pk=report.message_id).exists()
    assert not Report.objects.filter(resolved_by__isnull=True).exists()
    assert "is muted in" in flashed(response)[0]


def test_a_moderator_dismisses_the_reports_and_the_message_stays(
    client, moderator, conversation
):
    client.force_login(moderator)

    response = client.post(verdict_url(conversation["report"], "dismiss"))

    assert response.status_code == 302
    assert Message.objects.filter(pk=conversation["message"].pk).exists()
    assert set(Report.objects.values_list("resolved_by", flat=True)) == {moderator.pk}
    assert flashed(response) == ["The report is dismissed; the message stays."]


@pytest.mark.parametrize("minutes", ["", "0", "61", "forever"])
def test_a_mute_of_no_offered_length_is_refused_clearly(
    client, moderator, report, minutes
):
    client.force_login(moderator)

    response = client.post(verdict_url(report, "mute_author"), {"minutes": minutes})

    assert response.status_code == 400
    assert "Choose how long to mute them for." in response.content.decode()
    assert is_unchanged(report.message)


def test_a_verdict_on_resolved_reports_is_refused_clearly(client, moderator, report):
    client.force_login(moderator)
    client.post(verdict_url(report, "dismiss"))

    response = client.post(verdict_url(report, "delete_message"))

    assert response.status_code == 400
    assert "already resolved" in response.content.decode()
    assert Message.objects.filter(pk=report.message_id).exists()


def test_a_moderator_asked_to_mute_a_teacher_is_told_why_not(
    client, moderator, course_setup
):
    message = message_post(
        member=room_join(user=course_setup["teacher"], room=course_setup["room"]),
        body="Homework",
    )
    report = message_report(
        member=room_join(user=course_setup["students"][0], room=message.room),
        message=message,
    )
    client.force_login(moderator)

    review = client.get(review_url(report))
    response = client.post(verdict_url(report, "mute_author"), {"minutes": "60"})

    assert "Moderators cannot be muted." in review.content.decode()
    assert verdict_url(report, "mute_author") not in review.content.decode()
    assert response.status_code == 400
    assert not RoomMember.objects.get(user=course_setup["teacher"]).is_muted


@pytest.mark.parametrize("verdict", VERDICTS)
def test_verdicts_are_given_by_post_only(client, moderator, report, verdict):
    client.force_login(moderator)

    response = client.get(verdict_url(report, verdict), VERDICTS[verdict])

    assert response.status_code == 405
    assert is_unchanged(report.message)


@pytest.mark.parametrize("who", ["teacher", "student"])
def test_teachers_and_students_neither_read_nor_act_on_reports(
    client, course_setup, report, who
):
    """The course's teacher moderates the room itself, but not reports."""
    client.force_login(
        course_setup["teacher"] if who == "teacher" else course_setup["students"][1]
    )

    responses = [
        client.get(reverse(f"{ADMIN}:list")),
        client.get(review_url(report)),
        client.get(reverse(f"{ADMIN}:history", args=[report.pk])),
        *(
            client.post(verdict_url(report, verdict), data)
            for verdict, data in VERDICTS.items()
        ),
    ]

    for response in responses:
        assert response.status_code in (302, 403)
        assert b"You are all idiots" not in response.content
    assert is_unchanged(report.message)


def test_the_history_of_each_report_shows_the_verdict(client, moderator, conversation):
    client.force_login(moderator)
    client.post(verdict_url(conversation["report"], "dismiss"))

    for report in (conversation["report"], conversation["other_report"]):
        response = client.get(reverse(f"{ADMIN}:history", args=[report.pk]))

        assert response.status_code == 200
        assert "Report dismissed" in response.content.decode()


def test_teachers_list_no_reports_in_the_snippet_chooser(client, course_setup, report):
    client.force_login(course_setup["teacher"])

    for url in chooser_urls(report):
        response = client.get(url)

        assert response.status_code in (302, 403), url
        assert str(report).encode() not in response.content


@pytest.mark.parametrize("make_user", ["moderator", "admin"])
def test_moderators_choose_reports(client, report, make_user, request):
    user = request.getfixturevalue("moderator") if make_user == "moderator" else None
    client.force_login(user or AdminFactory())

    for url in chooser_urls(report):
        response = client.get(url)

        assert response.status_code == 200, url
        assert str(report).encode() in response.content


def test_a_deleted_account_takes_its_messages_along(course_setup):
    student = course_setup["students"][0]
    MessageFactory(room=course_setup["room"], author=student, body="Bye")
    MessageFactory(
        room=course_setup["room"], author=course_setup["teacher"], body="Stay"
    )

    assert account_data_export(user=student)["chat_messages"][0]["body"] == "Bye"
    account_delete(user=student)

    assert list(Message.objects.values_list("body", flat=True)) == ["Stay"]
