"""
A moderator approves a course from their dashboard: while a lesson going
live with it is unfinished, approving says which lesson, and what it lacks,
and publishes nothing; once the lesson is finished, one approval publishes
the course and a student reads the lesson.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from courses.factories import CourseIndexPageFactory, quiz_block_value
from courses.models import CoursePage, LessonPage, ModulePage
from courses.services import course_index_setup
from e2e.helpers import footer_action, script_errors, sign_in
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def finished_course(home_page, teacher) -> CoursePage:
    """A teacher's new course, all drafts: one module, one lesson with a quiz."""
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    course = index.add_child(
        instance=CoursePage(title="Knots for sailors", owner=teacher, live=False)
    )
    module = course.add_child(
        instance=ModulePage(title="Tying knots", owner=teacher, live=False)
    )
    lesson = module.add_child(
        instance=LessonPage(
            title="The bowline",
            owner=teacher,
            live=False,
            body=[
                ("paragraph", "<p>A loop that does not slip.</p>"),
                ("quiz", quiz_block_value()),
            ],
        )
    )
    for page in (course, module, lesson):
        page.save_revision(user=teacher)
    return course


def save_lesson(page: Page, lesson: LessonPage, correct: bool) -> None:
    """In the lesson's editor, mark the quiz's right answer or not, and save."""
    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    quiz = page.get_by_role("region", name="Body").get_by_role(
        "region", name=re.compile("^Quiz")
    )
    quiz.get_by_role("checkbox", name="Correct").last.set_checked(correct)
    page.locator("footer").get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(
        "'The bowline' has been updated"
    )


def approve_from_dashboard(page: Page, title: str) -> None:
    page.goto("/admin/")
    review = page.get_by_role("region", name="Awaiting your review")
    row = review.get_by_role("row").filter(has_text=title)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()


def test_moderator_approves_a_course_from_the_dashboard_once_it_is_finished(
    page: Page, home_page
):
    teacher, moderator, student = TeacherFactory(), AdminFactory(), UserFactory()
    course = finished_course(home_page, teacher)
    lesson = LessonPage.objects.descendant_of(course).get()
    failures = script_errors(page)

    # The teacher submits the finished course.
    sign_in(page, teacher.email)
    page.goto(f"/admin/pages/{course.pk}/edit/")
    footer_action(page, "Submit to Course review")
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(
        "submitted for moderation"
    )

    # A moderator, reviewing it, leaves the lesson's quiz with no right
    # answer; then approves the course from their dashboard.
    page.context.clear_cookies()
    sign_in(page, moderator.email)
    save_lesson(page, lesson, correct=False)
    approve_from_dashboard(page, "Knots for sailors")

    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("'Knots for sailors' cannot go live yet")
    expect(dialog).to_contain_text(
        "'The bowline' is not finished: Quiz: Mark at least one choice as correct."
    )
    expect(dialog.get_by_role("button", name="Approve")).to_have_count(0)
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    course.refresh_from_db()
    assert not course.live
    assert course.workflow_in_progress
    assert not LessonPage.objects.live().exists()

    # They mark the right answer again, and approve: the course goes live.
    save_lesson(page, lesson, correct=True)
    approve_from_dashboard(page, "Knots for sailors")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("row").filter(has_text="Knots for sailors")).to_have_count(
        0
    )
    course.refresh_from_db()
    assert course.live
    assert not course.workflow_in_progress

    # A student enrolls and reads the lesson, quiz and all.
    page.context.clear_cookies()
    sign_in(page, student.email)
    page.goto(course.url)
    page.get_by_role("button", name="Enroll for free").click()
    expect(page.get_by_test_id("enrollment")).to_contain_text("You are enrolled")
    page.get_by_test_id("outline").get_by_role("link", name="The bowline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The bowline")
    expect(page.get_by_role("main")).to_contain_text("A loop that does not slip.")
    expect(page.get_by_role("main")).to_contain_text("2 + 2?")
    assert not failures
