"""
A teacher opens the charts of their course in the Wagtail admin, changes
the period, sorts their students and downloads a table; another teacher
cannot open them.
"""

import csv
from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
    quiz_block_value,
)
from courses.models import Enrollment, LessonProgress, QuizAttempt
from courses.services import course_index_setup
from e2e.helpers import open_admin_menu, sign_in
from members.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def a_class(home_page, teacher):
    """Knots: two lessons, the second with a quiz; three students, the
    last by name the furthest on."""
    index = CourseIndexPageFactory(parent=home_page)
    course_index_setup(index=index)
    course = CoursePageFactory(parent=index, owner=teacher, title="Knots")
    module = ModulePageFactory(parent=course, owner=teacher, title="Basics")
    first = LessonPageFactory(parent=module, owner=teacher, title="Overhand")
    second = LessonPageFactory(
        parent=module,
        owner=teacher,
        title="Bowline",
        body=[("quiz", quiz_block_value())],
    )
    CoursePageFactory(parent=index, owner=TeacherFactory(), title="Weaving")
    now = timezone.now()
    for name, days_ago, done in [("Cat", 2, 2), ("Ben", 20, 1), ("Ann", 60, 0)]:
        student = UserFactory(first_name=name, last_name="Student")
        enrollment = Enrollment.objects.create(
            user=student, course=course, source="free"
        )
        Enrollment.objects.filter(pk=enrollment.pk).update(
            created_at=now - timedelta(days=days_ago)
        )
        for lesson in [first, second][:done]:
            LessonProgress.objects.create(
                user=student, lesson=lesson, course=course, completed_at=now
            )
    cat = Enrollment.objects.get(user__first_name="Cat").user
    for answer, passed in [([0], False), ([1], True)]:
        QuizAttempt.objects.create(
            user=cat,
            lesson=second,
            block_id=second.body[0].id,
            answers=[answer],
            score=int(passed),
            max_score=1,
            passed=passed,
        )
    return course


def test_a_teacher_reads_the_charts_of_their_course(
    page: Page, live_server, home_page, tmp_path
):
    teacher = TeacherFactory(email_verified=True)
    course = a_class(home_page, teacher)

    sign_in(page, teacher.email)
    open_admin_menu(page, "Reports", "Course analytics")
    courses = page.get_by_test_id("analytics-courses")
    expect(courses).to_contain_text("Knots")
    expect(courses).not_to_contain_text("Weaving")
    courses.get_by_role("link", name="Knots").click()

    expect(page.get_by_test_id("students")).to_have_text("3")
    expect(page.get_by_test_id("finished")).to_have_text("1")
    enrollments = page.get_by_test_id("chart-enrollments")
    expect(enrollments.locator("rect")).to_have_count(13)  # a column a week
    # Each chart reads as a table too.
    funnel = page.get_by_test_id("chart-funnel")
    funnel.get_by_text("as a table").click()
    expect(funnel.get_by_role("row", name="Overhand")).to_contain_text(
        "2 opened, 2 completed, of 3"
    )
    quizzes = page.get_by_test_id("chart-quizzes")
    expect(quizzes.locator("rect[data-value='100']").first).to_be_visible()

    page.get_by_role("link", name="Last 30 days").click()
    expect(page.get_by_role("link", name="Last 30 days")).to_have_attribute(
        "aria-current", "true"
    )
    expect(enrollments.locator("rect")).to_have_count(30)
    expect(page.get_by_test_id("new-students")).to_have_text("2")

    students = page.get_by_test_id("student-progress")
    page.get_by_role("link", name="Progress", exact=True).click()
    expect(students.get_by_role("row").nth(1)).to_contain_text("Cat Student")
    expect(students.get_by_role("row").nth(1)).to_contain_text("2 of 2 (100%)")
    page.get_by_role("link", name="Name", exact=True).click()
    expect(students.get_by_role("row").nth(1)).to_contain_text("Ann Student")

    with page.expect_download() as download:
        page.get_by_role("region", name="Students").get_by_role(
            "link", name="CSV"
        ).click()
    saved = tmp_path / "students.csv"
    download.value.save_as(saved)
    rows = list(csv.reader(saved.open(encoding="utf-8-sig")))
    assert download.value.suggested_filename.startswith("knots-students-")
    assert [row[0] for row in rows[1:]] == ["Ann Student", "Ben Student", "Cat Student"]

    # Another teacher finds nothing there.
    page.context.clear_cookies()
    sign_in(page, TeacherFactory(email_verified=True).email)
    response = page.goto(f"/admin/analytics/{course.pk}/")
    assert response.status == 404
    page.goto("/admin/analytics/")
    expect(page.get_by_text("The courses you teach show here")).to_be_visible()
