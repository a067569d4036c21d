"""
New lessons: the students of a course are told in the site when lessons
open to them, once each, and emailed at most once a day per course, with a
one-click unsubscribe per course.
"""

import re
from datetime import timedelta
from unittest import mock

from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
import time_machine

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import CoursePage, Enrollment, LessonPage
from courses.services import course_index_setup
from members.factories import TeacherFactory, UserFactory
from notifications.factories import NotificationFactory
from notifications.models import AnnouncedLesson, CourseEmail, Notification
from notifications.selectors import notification_data_export, notification_unread_count
from notifications.services import (
    course_emails_send,
    digests_send,
    new_lessons_announce,
    unsubscribe_token,
)

pytestmark = pytest.mark.django_db

LATER = timedelta(minutes=20)


@pytest.fixture
def course(home_page):
    """
    An open course of one module with one lesson, published and announced
    long ago (as the migration leaves the lessons published before it).
    """
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    teacher = TeacherFactory()
    course = CoursePageFactory(parent=index, title="Knots", owner=teacher)
    module = ModulePageFactory(parent=course, title="Basics", owner=teacher)
    lesson = LessonPageFactory(parent=module, title="The reef knot", owner=teacher)
    AnnouncedLesson.objects.create(lesson=lesson)
    return course


def enroll(course, **fields) -> object:
    user = UserFactory(email_verified=True, **fields)
    Enrollment.objects.create(user=user, course=course, source="free")
    return user


def module_of(course):
    return course.get_children().first().specific


def publish_new_lesson(parent, title, **fields) -> LessonPage:
    lesson = LessonPageFactory(parent=parent, title=title, live=False, **fields)
    lesson.save_revision().publish()
    return lesson


def test_a_published_lesson_is_told_to_each_student_of_its_course(course):
    ada, bo = enroll(course), enroll(course)
    outsider = UserFactory(email_verified=True)
    # Their bells' counts, kept before the lesson, are read again after it.
    assert notification_unread_count(user=ada) == 0
    gone = enroll(course, is_active=False)

    lesson = publish_new_lesson(module_of(course), "The bowline")

    told = Notification.objects.filter(kind="courses.new_lessons")
    assert sorted(told.values_list("recipient", flat=True)) == sorted([ada.pk, bo.pk])
    notification = told.get(recipient=ada)
    assert notification.text == "New lesson in Knots: The bowline"
    assert notification.url == lesson.url
    assert notification.course_id == course.pk
    assert not told.filter(recipient__in=[outsider, gone]).exists()
    assert notification_unread_count(user=ada) == 1


def test_a_lesson_is_announced_once_however_often_it_is_published(course):
    enroll(course)
    lesson = publish_new_lesson(module_of(course), "The bowline")

    lesson.title = "The bowline, tied"
    lesson.save_revision().publish()
    course.save_revision().publish()

    assert Notification.objects.count() == 1
    assert AnnouncedLesson.objects.filter(lesson=lesson).count() == 1


def test_a_module_going_live_tells_of_its_lessons_in_one_notification(course):
    ada = enroll(course)
    module = ModulePageFactory(parent=course, title="Hitches", live=False)
    publish_new_lesson(module, "Round turn")
    publish_new_lesson(module, "Clove hitch")
    assert not Notification.objects.exists()

    module.save_revision().publish()

    [notification] = Notification.objects.filter(recipient=ada)
    assert notification.text == "2 new lessons in Knots, starting with Round turn"
    assert notification.url == LessonPage.objects.get(title="Round turn").url


def test_coming_soon_lessons_are_told_of_when_they_open(course):
    ada = enroll(course)
    lesson = publish_new_lesson(
        module_of(course), "Splicing", availability=LessonPage.Availability.COMING_SOON
    )
    assert not Notification.objects.exists()

    lesson.availability = LessonPage.Availability.AVAILABLE
    lesson.save_revision().publish()

    assert Notification.objects.get(recipient=ada).text == (
        "New lesson in Knots: Splicing"
    )


def test_a_coming_soon_course_tells_nobody_until_it_opens(course):
    ada = enroll(course)
    course.availability = CoursePage.Availability.COMING_SOON
    course.save_revision().publish()
    publish_new_lesson(module_of(course), "Splicing")
    assert not Notification.objects.exists()

    course.availability = CoursePage.Availability.AVAILABLE
    course.save_revision().publish()

    assert Notification.objects.get(recipient=ada).text == (
        "New lesson in Knots: Splicing"
    )


def test_a_lesson_that_drips_is_told_only_to_those_it_has_opened_to(course):
    old_hand, newcomer = enroll(course), enroll(course)
    Enrollment.objects.filter(user=old_hand).update(
        created_at=timezone.now() - timedelta(days=5)
    )

    publish_new_lesson(module_of(course), "Sheet bend", opens_after_days=3)

    assert list(Notification.objects.values_list("recipient", flat=True)) == [
        old_hand.pk
    ]
    assert AnnouncedLesson.objects.filter(lesson__title="Sheet bend").exists()
    assert newcomer.notifications.count() == 0


def test_a_lesson_behind_a_privacy_setting_is_told_to_nobody(course):
    enroll(course)
    lesson = LessonPageFactory(parent=module_of(course), title="Secret", live=False)
    PageViewRestriction.objects.create(
        page=lesson, restriction_type=PageViewRestriction.PASSWORD, password="knots"
    )

    lesson.save_revision().publish()

    assert not Notification.objects.exists()
    assert not AnnouncedLesson.objects.filter(lesson=lesson).exists()


def test_telling_a_course_costs_the_same_queries_for_many_students(course):
    module = module_of(course)

    def queries_to_announce(students, title):
        for _ in range(students):
            enroll(course)
        lesson = LessonPageFactory(parent=module, title=title)
        with CaptureQueriesContext(connection) as queries:
            assert new_lessons_announce(page_id=lesson.pk) == Enrollment.objects.count()
        return len(queries)

    queries_to_announce(1, "Once, to fill the site's cache of root paths")
    assert queries_to_announce(2, "Few") == queries_to_announce(30, "Many")


def test_a_page_that_is_no_course_content_announces_nothing(course, home_page):
    enroll(course)

    assert new_lessons_announce(page_id=home_page.pk) == 0
    assert new_lessons_announce(page_id=987654) == 0


# The course's email


def test_new_lessons_published_together_go_in_one_email(course):
    ada = enroll(course)
    start = timezone.now()
    publish_new_lesson(module_of(course), "The bowline")
    publish_new_lesson(module_of(course), "Sheet bend")

    # Lessons often follow one another: the email waits a little for them.
    assert course_emails_send(now=start + timedelta(minutes=5)) == 0
    assert course_emails_send(now=start + LATER) == 1

    [message] = mail.outbox
    assert message.to == [ada.email]
    assert message.subject == "[Lectern] New lessons in Knots"
    assert "New lesson in Knots: The bowline\n  http://localhost/" in message.body
    assert "New lesson in Knots: Sheet bend" in message.body
    html, _ = message.alternatives[0]
    assert 'href="http://localhost/' in html
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_course_emails_a_student_at_most_once_a_day(course):
    enroll(course)
    start = timezone.now()
    publish_new_lesson(module_of(course), "The bowline")
    assert course_emails_send(now=start + LATER) == 1
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        publish_new_lesson(module_of(course), "Sheet bend")

    assert course_emails_send(now=start + timedelta(hours=5)) == 0
    assert course_emails_send(now=start + LATER + timedelta(days=1)) == 1

    assert mail.outbox[1].subject == "[Lectern] New lesson in Knots: Sheet bend"
    assert "The bowline" not in mail.outbox[1].body


def test_each_course_emails_on_its_own(course):
    ada = enroll(course)
    other = CoursePageFactory(parent=course.get_parent(), title="Sailing")
    Enrollment.objects.create(user=ada, course=other, source="free")
    start = timezone.now()
    publish_new_lesson(module_of(course), "The bowline")
    publish_new_lesson(ModulePageFactory(parent=other), "Tacking")

    assert course_emails_send(now=start + LATER) == 2

    assert sorted(message.subject for message in mail.outbox) == [
        "[Lectern] New lesson in Knots: The bowline",
        "[Lectern] New lesson in Sailing: Tacking",
    ]


def test_what_was_read_or_unsubscribed_is_not_emailed(course):
    reader, quitter = enroll(course), enroll(course)
    unverified = enroll(course, email="cy@example.com")
    unverified.emailaddress_set.update(verified=False)
    CourseEmail.objects.create(user=quitter, course=course, subscribed=False)
    start = timezone.now()
    publish_new_lesson(module_of(course), "The bowline")
    reader.notifications.update(read_at=timezone.now())

    assert course_emails_send(now=start + LATER) == 0

    # Still on the site, for those who have not read it.
    assert quitter.notifications.filter(read_at__isnull=True).count() == 1


def test_the_digest_leaves_new_lessons_to_the_course_email(course):
    ada = enroll(course)
    publish_new_lesson(module_of(course), "The bowline")
    NotificationFactory(recipient=ada, text="Bo replied to your post “Knots”")

    digests_send(now=timezone.now() + LATER)
    course_emails_send(now=timezone.now() + LATER)

    digest, course_email = mail.outbox
    assert "Bo replied" in digest.body
    assert "The bowline" not in digest.body
    assert "The bowline" in course_email.body
    assert "Bo replied" not in course_email.body


def test_a_course_email_that_fails_is_sent_by_the_next_run(course):
    enroll(course)
    start = timezone.now()
    publish_new_lesson(module_of(course), "The bowline")

    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError
    ):
        assert course_emails_send(now=start + LATER) == 0
    assert course_emails_send(now=start + LATER) == 1


def test_no_course_email_goes_after_leaving_the_course_or_its_unpublishing(course):
    stayer, leaver = enroll(course), enroll(course)
    start = timezone.now()
    publish_new_lesson(module_of(course), "The bowline")
    Enrollment.objects.filter(user=leaver).delete()

    assert course_emails_send(now=start + LATER) == 1
    assert mail.outbox[0].to == [stayer.email]

    with time_machine.travel(start + timedelta(days=2), tick=False):
        publish_new_lesson(module_of(course), "Sheet bend")
        course.unpublish()
    assert course_emails_send(now=start + timedelta(days=3)) == 0


# Unsubscribing


def test_the_course_email_unsubscribes_from_that_course_alone(client, course):
    ada = enroll(course)
    other = CoursePageFactory(parent=course.get_parent(), title="Sailing")
    Enrollment.objects.create(user=ada, course=other, source="free")
    publish_new_lesson(module_of(course), "The bowline")
    course_emails_send(now=timezone.now() + LATER)
    message = mail.outbox[0]
    link = re.search(r"<(.+)>", message.extra_headers["List-Unsubscribe"])[1]
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    assert link in message.body

    # A link checker's GET changes nothing.
    page = client.get(link)
    assert "Stop the emails of Knots?" in page.content.decode()
    assert not CourseEmail.objects.filter(subscribed=False).exists()

    # A mail client's one-click POST carries no CSRF token.
    response = client.post(link, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "will get no more emails of new lessons in Knots" in (
        response.content.decode()
    )
    assert CourseEmail.objects.get(user=ada, course=course).subscribed is False
    assert not CourseEmail.objects.filter(course=other).exists()
    publish_new_lesson(module_of(course), "Sheet bend")
    assert course_emails_send(now=timezone.now() + timedelta(days=2)) == 0


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda ada, course, other: [ada.pk, other.pk], id="other-course"),
        pytest.param(lambda ada, course, other: [ada.pk, 987654], id="no-such-course"),
        pytest.param(lambda ada, course, other: [ada.pk], id="half"),
        pytest.param(lambda ada, course, other: "ada", id="not-ids"),
    ],
)
def test_an_edited_course_unsubscribe_link_is_refused(client, course, forge):
    ada = enroll(course)
    other = CoursePageFactory(parent=course.get_parent(), title="Sailing")
    real = unsubscribe_token(ada, course)
    payload = signing.dumps(
        forge(ada, course, other), salt="notifications.unsubscribe"
    ).partition(":")[0]
    edited = f"{payload}:{real.partition(':')[2]}"

    response = client.post(reverse("notifications:unsubscribe", args=[edited]))

    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()
    assert not CourseEmail.objects.exists()


def test_the_notifications_page_starts_and_stops_each_courses_email(client, course):
    ada = enroll(course)
    other = CoursePageFactory(parent=course.get_parent(), title="Sailing")
    client.force_login(ada)

    page = client.get(reverse("notifications:list")).content.decode()
    assert "Stop the emails of Knots" in page
    assert "Sailing" not in page

    url = reverse("notifications:course_email", args=[course.pk])
    response = client.post(url, follow=True)
    assert "You will get no more emails of new lessons in Knots." in (
        response.content.decode()
    )
    assert "Email me new lessons of Knots" in response.content.decode()
    assert CourseEmail.objects.get(user=ada, course=course).subscribed is False
    client.post(url, {"subscribed": "on"})
    assert CourseEmail.objects.get(user=ada, course=course).subscribed is True
    assert notification_data_export(user=ada)["course_emails"] == [
        {"course": "Knots", "subscribed": True}
    ]

    # Not one of theirs: no row, whatever the id.
    for course_id in (other.pk, 987654):
        response = client.post(
            reverse("notifications:course_email", args=[course_id]),
            {"subscribed": "on"},
        )
        assert response.status_code == 404
    assert not CourseEmail.objects.filter(course=other).exists()


def test_course_email_choices_need_a_signed_in_member(client, course):
    url = reverse("notifications:course_email", args=[course.pk])

    response = client.post(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not CourseEmail.objects.exists()
