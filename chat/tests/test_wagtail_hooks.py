"""Chat reports in the Wagtail admin."""

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from chat.models import Message, Report
from members.factories import AdminFactory, UserFactory

pytestmark = pytest.mark.django_db

CHOOSER = "wagtailsnippetchoosers_chat_report"


def chooser_urls(report: Report) -> list[str]:
    """Every view of the snippet chooser that lists or looks up reports."""
    return [
        reverse(f"{CHOOSER}:choose"),
        reverse(f"{CHOOSER}:choose_results"),
        reverse(f"{CHOOSER}:chosen", args=[report.pk]),
        f"{reverse(f'{CHOOSER}:chosen_multiple')}?id={report.pk}",
    ]


@pytest.fixture
def report(course_setup):
    message = Message.objects.create(
        room=course_setup["room"], author=course_setup["students"][0], body="Hm"
    )
    return Report.objects.create(message=message, reporter=course_setup["students"][1])


def moderator():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_teachers_list_no_reports_in_the_snippet_chooser(client, course_setup, report):
    client.force_login(course_setup["teacher"])

    for url in chooser_urls(report):
        response = client.get(url)

        assert response.status_code in (302, 403), url
        assert str(report).encode() not in response.content


@pytest.mark.parametrize("make_user", [moderator, AdminFactory])
def test_moderators_choose_reports(client, report, make_user):
    client.force_login(make_user())

    for url in chooser_urls(report):
        response = client.get(url)

        assert response.status_code == 200, url
        assert str(report).encode() in response.content
