import pytest
from playwright.sync_api import Page, expect

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
    quiz_block_value,
)
from courses.models import LessonProgress, QuizAttempt
from courses.services import course_index_setup
from members.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct-horse-battery"


def test_student_finds_a_course_enrolls_learns_and_passes_the_quiz(
    page: Page, home_page
):
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    course = CoursePageFactory(
        parent=index, title="Counting", access_level="members", owner=TeacherFactory()
    )
    module = ModulePageFactory(parent=course, title="Basics")
    LessonPageFactory(
        parent=module,
        title="Adding up",
        body=[("quiz", quiz_block_value(pass_mark=100))],
    )
    student = UserFactory()

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(student.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign In").click()

    page.goto("/courses/")
    page.get_by_role("link", name="Counting").click()
    page.get_by_role("button", name="Enroll for free").click()
    expect(page.get_by_role("status")).to_contain_text("You are enrolled in Counting")

    page.get_by_test_id("outline").get_by_role("link", name="Adding up").click()
    page.get_by_label("4").check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_test_id("quiz-result")).to_contain_text(
        "1 of 1 right (100%): passed!"
    )
    expect(page.get_by_test_id("quiz-result")).to_contain_text("Count on your fingers.")

    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_test_id("lesson-completed")).to_be_visible()

    page.get_by_role("link", name="My learning").click()
    expect(page.get_by_test_id("my-learning")).to_contain_text("Course complete")
    page.get_by_role("link", name="Your certificate").click()
    expect(page.get_by_test_id("certificate")).to_contain_text(student.name)
    expect(page.get_by_test_id("certificate")).to_contain_text("Counting")
    assert QuizAttempt.objects.get(user=student).passed
    assert LessonProgress.objects.get(user=student).completed_at
