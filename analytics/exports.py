"""
The report's tables as CSV, one file per table, with the same numbers as
the charts. Cells that a spreadsheet would run as a formula (a student
named "=HYPERLINK(…)") are written as text.
"""

import csv
from collections.abc import Iterable, Iterator

from django.utils import timezone

from community.selectors import review_summary
from courses.models import CoursePage, Enrollment
from members.models import User

from .periods import Period
from .selectors import (
    Series,
    course_lessons,
    donation_recipients,
    donation_series,
    enrollment_series,
    lesson_funnel,
    lesson_quizzes,
    quiz_results,
    report_buckets,
    revenue_series,
    share,
    student_progress_list,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _over_time(series: list[Series]) -> list[list]:
    return [
        [day.isoformat(), *([one.currency] if one.currency else []), value]
        for one in series
        for day, value in one.points
    ]


def table_rows(
    *, table: str, course: CoursePage, user: User, period: Period
) -> Iterator[list]:
    """The header and rows of one of the report's TABLES, worked out alone."""
    yield TABLES[table]
    lessons = course_lessons(course=course)
    if table == "students":
        for enrollment in student_progress_list(
            course=course, lessons=lessons
        ).iterator():
            yield [
                enrollment.user.name,
                timezone.localdate(enrollment.created_at).isoformat(),
                enrollment.get_source_display(),
                enrollment.completed,
                len(lessons),
                share(enrollment.completed, len(lessons)),
                enrollment.quizzes_passed,
                timezone.localtime(enrollment.last_active).isoformat(timespec="minutes")
                if enrollment.last_active
                else "",
            ]
    elif table == "funnel":
        students = Enrollment.objects.filter(course=course).count()
        for step in lesson_funnel(course=course, lessons=lessons):
            yield [
                step.module_title,
                step.lesson.title,
                step.started,
                step.completed,
                share(step.completed, students),
            ]
    elif table == "quizzes":
        quizzes, _ = quiz_results(course=course, quizzes=lesson_quizzes(lessons))
        for quiz in quizzes:
            yield [
                quiz.lesson.title,
                quiz.title,
                quiz.students,
                quiz.passed,
                quiz.passed_first_try,
                quiz.attempts,
                quiz.pass_rate,
            ]
    elif table == "questions":
        _, questions = quiz_results(course=course, quizzes=lesson_quizzes(lessons))
        for question in questions:
            yield [
                question.lesson.title,
                question.quiz_title,
                question.prompt,
                question.answered,
                question.right,
                question.right_rate,
            ]
    elif table == "ratings":
        yield from (
            [stars, count] for stars, count in review_summary(course=course).stars
        )
    else:
        recipients = donation_recipients(course=course, user=user)
        buckets = report_buckets(course=course, period=period, recipients=recipients)
        if table == "enrollments":
            series = [enrollment_series(course=course, period=period, buckets=buckets)]
        elif table == "revenue":
            series = revenue_series(course=course, period=period, buckets=buckets)
        else:
            series = donation_series(
                recipients=recipients, period=period, buckets=buckets
            )
        yield from _over_time(series)


TABLES = {
    "enrollments": ["Period start", "Enrollments"],
    "funnel": [
        "Module",
        "Lesson",
        "Students who opened it",
        "Students who completed it",
        "Completed (% of students)",
    ],
    "quizzes": [
        "Lesson",
        "Quiz",
        "Students who tried it",
        "Passed",
        "Passed at the first try",
        "Tries",
        "Pass rate (%)",
    ],
    "questions": [
        "Lesson",
        "Quiz",
        "Question",
        "First tries",
        "Right",
        "Right (%)",
    ],
    "ratings": ["Stars", "Reviews"],
    "revenue": ["Period start", "Currency", "Sales less coupons and refunds"],
    "donations": ["Period start", "Currency", "Donations"],
    "students": [
        "Name",
        "Enrolled on",
        "Enrolled by",
        "Lessons completed",
        "Lessons",
        "Progress (%)",
        "Quizzes passed",
        "Last active",
    ],
}


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    # The byte order mark tells spreadsheets the file is UTF-8 ("Lucía").
    yield "\ufeff"
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([_as_text(cell) for cell in row])


def _as_text(cell) -> str:
    text = str(cell)
    if text.startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
