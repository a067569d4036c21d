import re

import pytest
from playwright.sync_api import Page, expect

from courses.models import Certificate, Enrollment
from e2e.helpers import EXPLANATION, plant_basics, script_errors, sign_in
from members.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def course(home_page):
    return plant_basics(home_page)


def test_student_finishes_a_course_and_gets_a_certificate_in_their_name(
    page: Page, live_server, course
):
    student = UserFactory(display_name="Amina Yusuf")
    Enrollment.objects.create(user=student, course=course, source="free")
    errors = script_errors(page)
    sign_in(page, student.email)

    page.goto(course.url)
    page.get_by_test_id("outline").get_by_role("link", name="Why roots matter").click()

    # The course's outline sits beside the lesson, this lesson marked.
    outline = page.get_by_role("navigation", name="Course outline")
    expect(outline.get_by_role("link", name="Why roots matter")).to_have_attribute(
        "aria-current", "page"
    )
    expect(outline.get_by_role("link", name="Check your roots")).to_be_visible()
    expect(outline.get_by_test_id("progress")).to_contain_text("0 of 2 lessons")
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_test_id("lesson-completed")).to_be_visible()
    expect(outline.get_by_role("link", name="Why roots matter (done)")).to_be_visible()
    expect(outline.get_by_test_id("progress")).to_contain_text("1 of 2 lessons")

    page.get_by_role("link", name="Check your roots →").click()
    # Not complete before the quiz is passed: no button, but what is needed.
    expect(page.get_by_role("button", name="Mark as complete")).to_have_count(0)
    expect(page.get_by_test_id("lesson-requirement")).to_have_text(
        "Pass the quiz “Roots check” to complete this lesson."
    )

    page.get_by_role("radio", name="The leaves").check()
    page.get_by_role("button", name="Check my answers").click()
    result = page.get_by_test_id("quiz-result")
    expect(result).to_contain_text("0 of 1 right (0%): not yet")
    expect(result).not_to_contain_text(EXPLANATION)
    expect(page.get_by_test_id("lesson-completed")).to_have_count(0)

    page.get_by_role("radio", name="The roots").check()
    expect(page.get_by_role("radio", name="The leaves")).not_to_be_checked()
    page.get_by_role("button", name="Check my answers").click()
    expect(result).to_contain_text("1 of 1 right (100%): passed!")
    expect(result).to_contain_text(EXPLANATION)
    expect(page.get_by_test_id("lesson-completed")).to_be_visible()
    expect(outline.get_by_test_id("progress")).to_contain_text("2 of 2 lessons")
    expect(page.get_by_test_id("course-completed")).to_contain_text(
        "You have completed Plant basics."
    )

    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Plant basics"
    ).click()
    enrollment = page.get_by_test_id("enrollment")
    expect(enrollment).to_contain_text("Completed")
    expect(enrollment.get_by_role("link", name=re.compile("^Resume"))).to_have_count(0)
    enrollment.get_by_role("link", name="Your certificate").click()

    name = page.get_by_label("Your name on the certificate")
    expect(name).to_have_value("Amina Yusuf")
    name.fill("Amina Wanjiku Yusuf")
    page.get_by_role("button", name="Issue my certificate").click()
    certificate = page.get_by_test_id("certificate")
    expect(certificate).to_contain_text("Amina Wanjiku Yusuf")
    expect(certificate).to_contain_text("Plant basics")
    issued = Certificate.objects.get(user=student)
    assert issued.student_name == "Amina Wanjiku Yusuf"

    page.get_by_role("link", name="My learning").first.click()
    learning = page.get_by_test_id("my-learning")
    expect(learning).to_contain_text("Completed")
    learning.get_by_role("link", name="Your certificate").click()
    expect(page).to_have_url(re.compile(re.escape(issued.get_absolute_url()) + "$"))

    # Anyone given the link can check it.
    visitor = page.context.browser.new_context(base_url=live_server.url)
    check = visitor.new_page()
    check.goto(issued.get_absolute_url())
    expect(check.get_by_test_id("certificate")).to_contain_text("Amina Wanjiku Yusuf")
    expect(check.get_by_test_id("certificate")).to_contain_text(issued.code)
    visitor.close()
    assert not errors


def test_on_a_phone_the_outline_folds_away_above_the_lesson(page: Page, course):
    student = UserFactory()
    Enrollment.objects.create(user=student, course=course, source="free")
    sign_in(page, student.email)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(course.url)
    page.get_by_test_id("outline").get_by_role("link", name="Why roots matter").click()

    outline = page.get_by_role("navigation", name="Course outline")
    lesson_link = outline.get_by_role("link", name="Check your roots")
    expect(lesson_link).to_be_hidden()
    expect(page.get_by_test_id("lesson-body")).to_be_in_viewport()
    outline.get_by_text("Course outline").click()
    expect(lesson_link).to_be_visible()
    lesson_link.click()
    heading = page.get_by_role("heading", name="Check your roots", level=1)
    expect(heading).to_be_visible()
