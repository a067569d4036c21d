"""The report's numbers, against the hand-built course of conftest.py."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from analytics.periods import PERIODS, period_get
from analytics.selectors import course_report, student_progress_list
from analytics.tests.conftest import BOWLINE_QUIZ, on
from commerce.factories import DonationFactory
from courses.factories import LessonPageFactory, ModulePageFactory, quiz_block_value
from courses.models import Enrollment, LessonPage
from members.factories import AdminFactory, UserFactory

pytestmark = pytest.mark.django_db

LAST_30_DAYS, LAST_13_WEEKS, LAST_12_MONTHS, ALL_TIME = PERIODS


def points(series) -> dict[date, object]:
    return {day: value for day, value in series.points if value}


def test_enrollments_are_counted_by_day_week_and_month(knots, teacher):
    by_day = course_report(course=knots, user=teacher, period=LAST_30_DAYS)
    by_week = course_report(course=knots, user=teacher, period=LAST_13_WEEKS)
    by_month = course_report(course=knots, user=teacher, period=LAST_12_MONTHS)
    all_time = course_report(course=knots, user=teacher, period=ALL_TIME)

    assert by_day.students == 4
    assert len(by_day.enrollments.points) == 30
    assert by_day.enrollments.points[0][0] == date(2026, 5, 17)
    assert by_day.enrollments.points[-1][0] == date(2026, 6, 15)
    assert points(by_day.enrollments) == {
        date(2026, 6, 1): 1,
        date(2026, 6, 3): 1,
        date(2026, 6, 10): 1,
    }
    assert by_day.new_students == 3
    # Weeks start on Mondays: 1 and 3 June are in the week of 1 June. Dan's
    # 20 March is in the week of 16 March, before the thirteen.
    assert len(by_week.enrollments.points) == 13
    assert by_week.enrollments.points[0][0] == date(2026, 3, 23)
    assert points(by_week.enrollments) == {date(2026, 6, 1): 2, date(2026, 6, 8): 1}
    assert points(by_month.enrollments) == {date(2026, 3, 1): 1, date(2026, 6, 1): 3}
    assert by_month.new_students == 4
    # All time starts at the month of the first enrollment.
    assert [day for day, _ in all_time.enrollments.points] == [
        date(2026, 3, 1),
        date(2026, 4, 1),
        date(2026, 5, 1),
        date(2026, 6, 1),
    ]


def test_the_funnel_counts_enrolled_students_lesson_by_lesson(knots, teacher):
    report = course_report(course=knots, user=teacher, period=period_get(None))

    assert [
        (step.module_title, step.lesson.title, step.started, step.completed)
        for step in report.funnel
    ] == [
        ("Basics", "Overhand", 3, 2),
        ("Basics", "Bowline", 2, 1),
        ("Basics", "Sheet bend", 1, 1),
    ]
    assert report.finished == 1
    # 4 lessons completed of 4 students × 3 lessons.
    assert report.average_progress == 33


def test_an_unpublished_lesson_leaves_the_funnel_and_the_finish_line(knots, teacher):
    sheet_bend = knots.get_descendants().get(title="Sheet bend")
    sheet_bend.unpublish()

    report = course_report(course=knots, user=teacher, period=period_get(None))

    assert [step.lesson.title for step in report.funnel] == ["Overhand", "Bowline"]
    assert report.finished == 1  # Ann, still: she completed both left


def test_quiz_pass_rates_and_the_hardest_questions(knots, teacher):
    report = course_report(course=knots, user=teacher, period=period_get(None))

    assert [
        (
            q.lesson.title,
            q.students,
            q.passed,
            q.passed_first_try,
            q.attempts,
            q.pass_rate,
        )
        for q in report.quizzes
    ] == [("Bowline", 3, 1, 0, 4, 33), ("Sheet bend", 1, 1, 1, 1, 100)]
    # First tries only: Ann's second try, which followed the explanations,
    # does not count, nor does the outsider's; a question nobody got wrong
    # is not hard.
    assert [
        (q.prompt, q.answered, q.right, q.right_rate) for q in report.hardest_questions
    ] == [
        ("Which hand holds the rabbit?", 3, 1, 33),
        ("2 + 2?", 3, 2, 67),
    ]


def test_ratings_count_the_reviews_shown(knots, teacher):
    reviews = course_report(course=knots, user=teacher, period=period_get(None)).reviews

    assert reviews.count == 2
    assert reviews.average == Decimal("4.00")
    assert reviews.stars == [(5, 1), (4, 0), (3, 1), (2, 0), (1, 0)]


def test_sales_are_the_courses_own_less_coupons_and_refunds_per_currency(
    knots, teacher
):
    by_day = course_report(course=knots, user=teacher, period=LAST_30_DAYS)
    by_month = course_report(course=knots, user=teacher, period=LAST_12_MONTHS)

    assert [(series.currency, points(series)) for series in by_day.revenue] == [
        ("USD", {date(2026, 6, 5): Decimal("25.00")})
    ]
    assert [(series.currency, series.total) for series in by_month.revenue] == [
        ("KES", Decimal("1500.00")),
        ("USD", Decimal("25.00")),
    ]


def test_a_teacher_sees_their_own_donations_and_an_admin_every_teachers(
    knots, teacher, co_teacher
):
    period = LAST_30_DAYS
    as_teacher = course_report(course=knots, user=teacher, period=period)
    as_co_teacher = course_report(course=knots, user=co_teacher, period=period)
    as_admin = course_report(course=knots, user=AdminFactory(), period=period)

    assert as_teacher.donations_to == [teacher]
    assert [(s.currency, points(s)) for s in as_teacher.donations] == [
        ("USD", {date(2026, 6, 12): Decimal("10.00")})
    ]
    assert [s.total for s in as_co_teacher.donations] == [Decimal("7.00")]
    assert set(as_admin.donations_to) == {teacher, co_teacher}
    assert [s.total for s in as_admin.donations] == [Decimal("17.00")]


def test_each_students_progress(knots, teacher):
    lessons = course_report(course=knots, user=teacher, period=period_get(None)).lessons

    rows = student_progress_list(course=knots, lessons=lessons, order="progress")

    assert [
        (
            row.user.first_name,
            row.completed,
            row.quizzes_passed,
            row.last_active and row.last_active.date(),
        )
        for row in rows
    ] == [
        ("Ann", 3, 2, date(2026, 6, 14)),
        ("Ben", 1, 0, date(2026, 6, 4)),
        ("Cat", 0, 0, date(2026, 6, 10)),
        ("Dan", 0, 0, None),
    ]
    by_activity = student_progress_list(course=knots, lessons=lessons, order="active")
    assert [row.user.first_name for row in by_activity] == ["Ann", "Cat", "Ben", "Dan"]


def test_all_time_begins_at_the_first_sale_or_donation_when_it_came_first(
    knots, teacher
):
    DonationFactory(
        recipient=teacher,
        amount=Decimal("99.00"),
        status="paid",
        paid_at=on("2025-11-20"),
    )

    report = course_report(course=knots, user=teacher, period=ALL_TIME)

    assert report.enrollments.points[0][0] == date(2025, 11, 1)
    assert [series.total for series in report.donations] == [Decimal("109.00")]


def test_lessons_students_cannot_finish_yet_are_left_out(knots, teacher):
    draft_module = ModulePageFactory(parent=knots, owner=teacher, title="Later")
    LessonPageFactory(parent=draft_module, owner=teacher, title="Hidden")
    draft_module.unpublish()
    module = knots.get_children().get(title="Basics")
    LessonPageFactory(
        parent=module, owner=teacher, title="Soon", availability="coming_soon"
    )

    report = course_report(course=knots, user=teacher, period=ALL_TIME)

    assert [step.lesson.title for step in report.funnel] == [
        "Overhand",
        "Bowline",
        "Sheet bend",
    ]
    assert report.finished == 1


def test_answers_to_a_quiz_since_changed_count_for_its_pass_rate_only(knots, teacher):
    bowline = LessonPage.objects.get(title="Bowline")
    quiz_id = str(bowline.body[0].id)
    # A question put first: the earlier answers no longer line up.
    questions = [quiz_block_value()["questions"][0], *BOWLINE_QUIZ["questions"]]
    bowline.body = [
        {
            "type": "quiz",
            "id": quiz_id,
            "value": {**BOWLINE_QUIZ, "questions": questions},
        }
    ]
    bowline.save_revision().publish()

    report = course_report(course=knots, user=teacher, period=ALL_TIME)

    stats = next(quiz for quiz in report.quizzes if quiz.lesson.title == "Bowline")
    assert (stats.students, stats.passed, stats.attempts) == (3, 1, 4)
    assert [
        question.prompt
        for question in report.hardest_questions
        if question.lesson.title == "Bowline"
    ] == []


def test_a_removed_quiz_no_longer_counts_as_passed(knots, teacher):
    sheet_bend = LessonPage.objects.get(title="Sheet bend")
    sheet_bend.body = [("paragraph", "<p>Quiz gone.</p>")]
    sheet_bend.save_revision().publish()
    lessons = course_report(course=knots, user=teacher, period=ALL_TIME).lessons

    ann = student_progress_list(course=knots, lessons=lessons).get(
        user__first_name="Ann"
    )

    assert ann.quizzes_passed == 1


def test_days_are_the_sites_own(knots, teacher, settings):
    # 22:00 in UTC on 9 June is 10 June in Nairobi.
    settings.TIME_ZONE = "Africa/Nairobi"
    late = Enrollment.objects.create(
        user=UserFactory(first_name="Eve"), course=knots, source="free"
    )
    Enrollment.objects.filter(pk=late.pk).update(
        created_at=datetime(2026, 6, 9, 22, 0, tzinfo=ZoneInfo("UTC"))
    )

    report = course_report(course=knots, user=teacher, period=LAST_30_DAYS)

    assert points(report.enrollments)[date(2026, 6, 10)] == 2  # Cat and Eve
    assert date(2026, 6, 9) not in points(report.enrollments)
