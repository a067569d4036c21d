"""
Lessons that open later: a lesson "coming soon" is listed with its badge
and date but read by nobody but those who look after the course, and who
asked is emailed when it opens; a lesson that drips opens to each student
some days after they enrolled. Every door asks the one rule.
"""

import datetime as dt
import io
import re

from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.documents.models import Document

import pytest
import time_machine

from courses.access import file_visible_to, lesson_list_readable
from courses.models import (
    CourseNotification,
    CoursePage,
    Enrollment,
    LessonPage,
    LessonSearchText,
)
from courses.selectors import course_progress, lesson_search_text_list
from courses.viewer import Viewer
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "The secret of this lesson."
HTMX = {"HTTP_HX_REQUEST": "true"}
MILLISECOND = dt.timedelta(milliseconds=1)


@pytest.fixture
def course(make_course) -> CoursePage:
    return make_course(title="Botany")


@pytest.fixture
def lessons(course) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


@pytest.fixture
def soon(lessons) -> LessonPage:
    """The course's second lesson, coming soon, expected on 1 March 2027."""
    lesson = lessons[1]
    lesson.availability = "coming_soon"
    lesson.expected_on = dt.date(2027, 3, 1)
    lesson.save_revision().publish()
    return lesson


@pytest.fixture
def drip(lessons) -> LessonPage:
    """The course's second lesson, opening 3 days after enrollment."""
    lesson = lessons[1]
    lesson.opens_after_days = 3
    lesson.save_revision().publish()
    return lesson


@pytest.fixture
def student(course):
    user = UserFactory(email_verified=True)
    Enrollment.objects.create(user=user, course=course, source="free")
    return user


def enrolled_days_ago(user, course, days: float) -> None:
    Enrollment.objects.filter(user=user, course=course).update(
        created_at=timezone.now() - dt.timedelta(days=days)
    )


def lesson_page(client, lesson) -> str:
    response = client.get(lesson.url)
    assert response.status_code == 200
    return response.content.decode()


def outline_badges(page: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", badge)).strip()
        for badge in re.findall(
            r'data-testid="lesson-(?:coming-soon|opens)"[^>]*>(.*?)</span>\s*$',
            page,
            flags=re.M,
        )
    ]


def readable_ids(user) -> set[int]:
    return set(lesson_list_readable(viewer=Viewer(user)).values_list("pk", flat=True))


@pytest.fixture
def document(teacher, lessons):
    """A document placed in the second lesson only."""
    document = Document.objects.create(
        title="Answers",
        file=ContentFile(b"the answers", name="answers.txt"),
        uploaded_by_user=teacher,
    )
    lesson = LessonPage.objects.get(pk=lessons[1].pk)
    lesson.body = [("file", {"document": document, "title": ""})]
    lesson.save_revision().publish()
    return document


# Coming soon


def test_a_coming_soon_lesson_is_listed_with_its_date_but_kept_closed(
    client, soon, student
):
    client.force_login(student)
    page = lesson_page(client, soon)

    assert SECRET not in page
    assert "This lesson is coming soon" in page
    assert "it is expected on 1 March 2027" in page
    assert 'data-testid="lesson-notify"' in page
    assert outline_badges(page) == ["Coming soon · expected 1 Mar 2027"]
    course_page = client.get(soon.get_course().url).content.decode()
    assert outline_badges(course_page) == ["Coming soon · expected 1 Mar 2027"]


@pytest.mark.parametrize("free_preview", [False, True], ids=["lesson", "preview"])
def test_nobody_but_the_course_s_teachers_reads_a_coming_soon_lesson(
    client, soon, student, teacher, free_preview
):
    soon.free_preview = free_preview
    soon.save_revision().publish()

    assert SECRET not in lesson_page(client, soon)
    client.force_login(student)
    assert SECRET not in lesson_page(client, soon)
    client.force_login(teacher)
    page = lesson_page(client, soon)
    assert SECRET in page
    assert outline_badges(page) == ["Coming soon · expected 1 Mar 2027"]


def test_a_coming_soon_lesson_is_closed_by_every_door(
    client, api_client, soon, student, teacher, document
):
    api = api_client(student)
    locked = api.get(f"/api/v1/lessons/{soon.pk}")
    assert locked.status_code == 403
    assert locked.json()["detail"]["unlock"] == "lesson_coming_soon"
    assert locked.json()["message"] == "This lesson is coming soon."
    [_, listed] = api.get(f"/api/v1/courses/{soon.get_course().pk}").json()["modules"][
        0
    ]["lessons"]
    assert listed["coming_soon"] is True
    assert listed["expected_on"] == "2027-03-01"
    assert (listed["readable"], listed["unlock"]) == (False, "lesson_coming_soon")
    assert api_client(teacher).get(f"/api/v1/lessons/{soon.pk}").status_code == 200

    assert soon.pk not in readable_ids(student)
    assert soon.pk in readable_ids(teacher)
    kinds = dict(
        lesson_search_text_list(viewer=Viewer(student))
        .filter(lesson=soon)
        .values_list("lesson_id", "kind")
    )
    assert kinds == {soon.pk: LessonSearchText.Kind.OUTLINE}

    assert not file_visible_to(viewer=Viewer(student), file=document)
    assert file_visible_to(viewer=Viewer(teacher), file=document)
    client.force_login(student)
    assert client.get(document.url).status_code == 403
    completion = client.post(f"/learning/lessons/{soon.pk}/complete/")
    assert completion.status_code == 403
    notes = client.post(f"/learning/lessons/{soon.pk}/notes/", {"note": "Hm."})
    assert notes.status_code == 403


def test_opening_the_lesson_opens_its_doors(client, soon, student, document):
    client.force_login(student)
    assert client.get(document.url).status_code == 403

    soon.availability = "available"
    soon.save_revision().publish()

    assert SECRET in lesson_page(client, soon)
    assert soon.pk in readable_ids(student)
    assert b"".join(client.get(document.url).streaming_content) == b"the answers"


def test_a_coming_soon_lesson_keeps_nobody_from_finishing(client, soon, student):
    client.force_login(student)
    first = soon.get_prev_sibling()

    client.post(f"/learning/lessons/{first.pk}/complete/")

    progress = course_progress(user=student, course=soon.get_course())
    assert (progress.completed, progress.total) == (1, 1)
    assert progress.is_complete
    claim = client.get(f"/learning/{soon.get_course().pk}/certificate/")
    assert claim.status_code == 200


# Notify me when a lesson opens


def ask(client, lesson, email, **extra):
    return client.post(
        f"/learning/lessons/{lesson.pk}/notify-me/", {"email": email}, **extra
    )


def test_a_student_is_emailed_once_when_the_lesson_they_asked_about_opens(
    client, soon, student
):
    client.force_login(student)

    response = ask(client, soon, student.email, follow=True)

    assert "We will email you when the lesson opens." in response.content.decode()
    assert mail.outbox == []  # their own verified address needs no confirming
    soon.availability = "available"
    soon.save_revision().publish()
    soon.save_revision().publish()  # publishing again tells nobody twice
    [message] = mail.outbox
    assert message.to == [student.email]
    assert message.subject == f"[Lectern] {soon.title} is open"
    assert soon.full_url in message.body
    assert CourseNotification.objects.get().notified_at is not None


def test_an_address_confirms_before_it_is_told_of_a_lesson(client, soon):
    ask(client, soon, "Reader@Example.com")
    [request] = mail.outbox
    assert f'the lesson "{soon.title}" of "Botany"' in request.body
    link = re.search(r"http://testserver(/learning/notify-me/\S+/)", request.body)[1]

    confirmed = client.post(link, follow=True)

    assert f"we will email you when {soon.title} opens" in confirmed.content.decode()
    assert confirmed.redirect_chain[-1][0] == soon.url
    soon.availability = "available"
    soon.save_revision().publish()
    assert [message.to for message in mail.outbox[1:]] == [["reader@example.com"]]


def test_asking_about_a_course_and_its_lesson_are_two_lists(client, soon, student):
    course = soon.get_course()
    CourseNotification.objects.create(
        email=student.email, course=course, confirmed_at=timezone.now()
    )
    client.force_login(student)

    ask(client, soon, student.email)
    ask(client, soon, student.email)

    assert CourseNotification.objects.filter(lesson=soon).count() == 1
    soon.availability = "available"
    soon.save_revision().publish()
    # Each list is told of its own page, once.
    assert sorted(message.subject for message in mail.outbox) == [
        "[Lectern] Botany is open",
        f"[Lectern] {soon.title} is open",
    ]


def test_nothing_is_asked_of_an_open_lesson(client, lessons, student):
    client.force_login(student)

    assert client.get(f"/learning/lessons/{lessons[0].pk}/notify-me/").status_code == (
        404
    )
    response = ask(client, lessons[0], student.email, follow=True)

    assert "This lesson is already open." in response.content.decode()
    assert not CourseNotification.objects.exists()


@pytest.mark.parametrize("email", ["", "not an address", "a@" + "b" * 300 + ".com"])
def test_a_bad_address_is_refused_and_nothing_kept(client, soon, email):
    response = ask(client, soon, email, follow=True)

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not CourseNotification.objects.exists()
    assert mail.outbox == []


def test_visitors_get_the_form_by_htmx_from_a_cached_page(client, soon):
    page = lesson_page(client, soon)
    url = f"/learning/lessons/{soon.pk}/notify-me/"
    assert f'hx-get="{url}"' in page

    form = client.get(url, **HTMX).content.decode()

    assert f'action="{url}"' in form
    assert "csrfmiddlewaretoken" in form


def test_the_hourly_command_sends_what_a_failed_run_left(settings, soon, student):
    CourseNotification.objects.create(
        email=student.email,
        course=soon.get_course(),
        lesson=soon,
        confirmed_at=timezone.now(),
    )
    LessonPage.objects.filter(pk=soon.pk).update(availability="available")

    out = io.StringIO()
    call_command("send_course_notifications", stdout=out)

    assert out.getvalue() == "Queued the emails of 0 course(s) and 1 lesson(s).\n"
    assert [message.to for message in mail.outbox] == [[student.email]]


# Drip by enrollment


def test_a_lesson_that_drips_opens_days_after_enrollment(client, drip, student):
    client.force_login(student)
    page = lesson_page(client, drip)
    assert SECRET not in page
    assert "It opens to you in 3 days" in page
    assert outline_badges(page) == ["Opens in 3 days"]

    with time_machine.travel(timezone.now() + dt.timedelta(days=2, hours=23)):
        assert SECRET not in lesson_page(client, drip)
    enrolled_days_ago(student, drip.get_course(), 3)

    page = lesson_page(client, drip)
    assert SECRET in page
    assert outline_badges(page) == []


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_readers_who_have_not_enrolled_enroll_to_start(client, drip, who):
    if who == "member":
        client.force_login(UserFactory())

    page = lesson_page(client, drip)

    assert SECRET not in page
    assert "It opens 3 days after you enroll: enroll in the course to start." in page
    assert outline_badges(page) == ["Opens 3 days after enrolling"]
    assert SECRET in lesson_page(client, drip.get_prev_sibling())


def test_teachers_and_free_previews_do_not_wait(client, drip, teacher, student):
    client.force_login(teacher)
    page = lesson_page(client, drip)
    assert SECRET in page
    assert outline_badges(page) == ["Opens 3 days after enrolling"]

    drip.free_preview = True
    drip.save_revision().publish()
    client.force_login(student)
    assert SECRET in lesson_page(client, drip)


def test_a_lesson_that_drips_is_closed_by_every_door_until_it_opens(
    client, api_client, drip, student, document
):
    api = api_client(student)
    locked = api.get(f"/api/v1/lessons/{drip.pk}")
    assert locked.status_code == 403
    detail = locked.json()["detail"]
    assert detail["unlock"] == "opens_later"
    opens_at = Enrollment.objects.get(user=student).created_at + dt.timedelta(days=3)
    # JSON keeps milliseconds.
    assert abs(dt.datetime.fromisoformat(detail["opens_at"]) - opens_at) < MILLISECOND
    assert locked.json()["message"].startswith("This lesson opens to you on ")
    [_, listed] = api.get(f"/api/v1/courses/{drip.get_course().pk}").json()["modules"][
        0
    ]["lessons"]
    assert (listed["opens_after_days"], listed["unlock"]) == (3, "opens_later")
    assert abs(dt.datetime.fromisoformat(listed["opens_at"]) - opens_at) < MILLISECOND
    assert drip.pk not in readable_ids(student)
    client.force_login(student)
    assert client.get(document.url).status_code == 403
    assert client.post(f"/learning/lessons/{drip.pk}/complete/").status_code == 403

    enrolled_days_ago(student, drip.get_course(), 3)

    assert api.get(f"/api/v1/lessons/{drip.pk}").status_code == 200
    assert drip.pk in readable_ids(student)
    assert b"".join(client.get(document.url).streaming_content) == b"the answers"
    anonymous = api_client().get(f"/api/v1/lessons/{drip.pk}").json()
    assert anonymous["detail"]["unlock"] == "enroll"
    assert anonymous["message"] == (
        "This lesson opens 3 days after you enroll: enroll in the course to start."
    )


def test_readable_lessons_follow_each_enrollment_s_own_date(make_course, drip, student):
    other = make_course(title="Zoology")
    later = LessonPage.objects.descendant_of(other).order_by("path").last()
    later.opens_after_days = 10
    later.save_revision().publish()
    Enrollment.objects.create(user=student, course=other, source="free")
    enrolled_days_ago(student, drip.get_course(), 5)

    readable = readable_ids(student)

    assert drip.pk in readable
    assert later.pk not in readable
    assert later.get_prev_sibling().pk in readable
    assert drip.pk not in readable_ids(AnonymousUser())


def test_the_editor_saves_when_a_lesson_opens(client, soon, teacher):
    client.force_login(teacher)
    edit = f"/admin/pages/{soon.pk}/edit/"
    form = client.get(edit).content.decode()
    assert "When students may open it" in form

    soon.refresh_from_db()
    data = {
        "title": soon.title,
        "slug": soon.slug,
        "summary": soon.summary,
        "availability": "coming_soon",
        "expected_on": "2027-04-02",
        "opens_after_days": "-1",
        "body-count": "0",
    }
    refused = client.post(edit, data)
    assert refused.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in (
        refused.content.decode()
    )
    assert LessonPage.objects.get(pk=soon.pk).expected_on == dt.date(2027, 3, 1)

    data["opens_after_days"] = "7"
    client.post(edit, data)

    draft = LessonPage.objects.get(pk=soon.pk).get_latest_revision_as_object()
    assert (draft.expected_on, draft.opens_after_days) == (dt.date(2027, 4, 2), 7)
    assert draft.availability == "coming_soon"


def test_the_lesson_page_asks_when_the_student_enrolled_once(client, drip, student):
    client.force_login(student)
    enrolled_at = '"courses_enrollment"."created_at"'

    with CaptureQueriesContext(connection) as queries:
        lesson_page(client, drip)

    asked = [query["sql"] for query in queries if enrolled_at in query["sql"]]
    # The outline asks, for every lesson of the course; the lesson's own
    # access is the outline's.
    assert len(asked) == 1
