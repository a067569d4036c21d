"""Students bookmark lessons and keep private notes on them."""

import json

import pytest

from courses.models import CoursePage, Enrollment, LessonPage, LessonProgress
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def notes_url(lesson: LessonPage) -> str:
    return f"/learning/lessons/{lesson.pk}/notes/"


@pytest.fixture
def course(make_course):
    return make_course(
        title="Botany",
        access_level=CoursePage.AccessLevel.PURCHASE,
        price=10,
        currency="USD",
    )


@pytest.fixture
def lesson(course) -> LessonPage:
    return LessonPage.objects.descendant_of(course).order_by("path").first()


@pytest.fixture
def student(client, course):
    user = UserFactory()
    Enrollment.objects.create(user=user, course=course, source="admin")
    client.force_login(user)
    return user


def record(user, lesson) -> LessonProgress | None:
    return LessonProgress.objects.filter(user=user, lesson=lesson).first()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["form", "htmx"])
def test_a_student_bookmarks_a_lesson_and_takes_the_bookmark_off(
    client, student, lesson, headers
):
    on = client.post(notes_url(lesson), {"bookmarked": "true"}, **headers)

    assert record(student, lesson).bookmarked
    if headers:
        assert 'aria-pressed="true"' in on.content.decode()
        assert 'name="bookmarked" value="false"' in on.content.decode()
    else:
        assert on.status_code == 302
        assert on.url == lesson.url

    client.post(notes_url(lesson), {"bookmarked": "false"}, **headers)

    assert not record(student, lesson).bookmarked


def test_notes_autosave_and_are_there_on_the_next_visit(client, student, lesson):
    client.get(lesson.url)
    visited = record(student, lesson).visited_at

    saved = client.post(notes_url(lesson), {"note": "Roots <b>drink</b>."}, **HTMX)

    assert saved.status_code == 200
    assert "Notes saved." in saved.content.decode()
    kept = record(student, lesson)
    assert kept.note == "Roots <b>drink</b>."
    # Keeping notes is not visiting: where the student resumes stays.
    assert kept.visited_at == visited
    page = client.get(lesson.url).content.decode()
    assert "Roots &lt;b&gt;drink&lt;/b&gt;." in page
    assert 'aria-pressed="false"' in page


def test_a_bookmark_leaves_the_notes_as_they_were_and_the_other_way_round(
    client, student, lesson
):
    client.post(notes_url(lesson), {"note": "Roots drink."}, **HTMX)
    client.post(notes_url(lesson), {"bookmarked": "true"}, **HTMX)
    client.post(notes_url(lesson), {"note": "Roots drink water."}, **HTMX)

    kept = record(student, lesson)
    assert (kept.bookmarked, kept.note) == (True, "Roots drink water.")


def test_notes_too_long_are_refused_in_words_and_the_old_ones_kept(
    client, student, lesson
):
    client.post(notes_url(lesson), {"note": "Roots drink."}, **HTMX)

    refused = client.post(notes_url(lesson), {"note": "x" * 10_001}, **HTMX)

    assert refused.status_code == 400
    assert "Notes are at most 10,000 characters" in refused.content.decode()
    # Said on the notes' status line, not in place of the form that asked.
    assert refused.headers["HX-Retarget"] == "#lesson-note-status"
    assert record(student, lesson).note == "Roots drink."


def test_line_breaks_count_as_the_browser_counts_them(client, student, lesson):
    # 5,000 lines as a textarea sends them (CRLF): 10,000 characters to its
    # maxlength, which counts each line break as one.
    note = "\r\n".join(["x"] * 5_000) + "x" * 1

    saved = client.post(notes_url(lesson), {"note": note}, **HTMX)

    assert saved.status_code == 200
    assert record(student, lesson).note == note.replace("\r\n", "\n")


def test_a_tampered_bookmark_value_is_refused(client, student, lesson):
    refused = client.post(notes_url(lesson), {"bookmarked": "yes please"}, **HTMX)

    assert refused.status_code == 400
    assert record(student, lesson) is None


@pytest.mark.parametrize("who", ["not enrolled", "teacher"])
def test_who_may_not_read_the_lesson_or_teaches_it_keeps_nothing(
    client, lesson, teacher, who
):
    user = UserFactory() if who == "not enrolled" else teacher
    client.force_login(user)

    for headers in ({}, HTMX):
        response = client.post(notes_url(lesson), {"note": "Mine."}, **headers)
        assert response.status_code == 403
    assert not LessonProgress.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in_and_keep_nothing(client, lesson):
    response = client.post(notes_url(lesson), {"bookmarked": "true"})

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not LessonProgress.objects.exists()


def test_a_draft_lesson_takes_no_notes(client, student, lesson):
    lesson.unpublish()

    response = client.post(notes_url(lesson), {"note": "Mine."})

    assert response.status_code == 404


def test_nobody_else_sees_a_students_notes(client, student, lesson, course):
    client.post(notes_url(lesson), {"note": "My secret mnemonic."}, **HTMX)
    assert "My secret mnemonic." in client.get(lesson.url).content.decode()
    classmate = UserFactory()
    Enrollment.objects.create(user=classmate, course=course, source="admin")
    client.force_login(classmate)

    assert "My secret mnemonic." not in client.get(lesson.url).content.decode()
    assert "My secret mnemonic." not in client.get("/learning/").content.decode()


def test_my_learning_lists_bookmarks_and_notes_of_published_lessons(
    client, student, course
):
    first, second = LessonPage.objects.descendant_of(course).order_by("path")
    client.post(notes_url(first), {"bookmarked": "true"}, **HTMX)
    client.post(notes_url(second), {"note": "Water moves up the stem."}, **HTMX)
    client.post(notes_url(second), {"bookmarked": "false"}, **HTMX)

    page = client.get("/learning/").content.decode()

    notes = page[page.index('data-testid="my-notes"') :]
    assert first.title in notes
    assert first.url in notes
    assert "Water moves up the stem." in notes
    assert notes.count("★ Bookmarked") == 1
    # Only lessons the site serves: not one whose module is unpublished.
    second.get_parent().unpublish()
    assert "Water moves up the stem." not in client.get("/learning/").content.decode()


def test_bookmarks_and_notes_are_in_the_data_export(client, student, lesson):
    client.post(notes_url(lesson), {"bookmarked": "true"}, **HTMX)
    client.post(notes_url(lesson), {"note": "Roots drink."}, **HTMX)

    data = json.loads(client.get("/accounts/export/").content)

    [progress] = data["progress"]
    assert (progress["bookmarked"], progress["note"]) == (True, "Roots drink.")
