"""The analytics pages of the Wagtail admin (mounted by wagtail_hooks.py)."""

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from wagtail.admin.paginator import WagtailPaginator

from courses.models import CoursePage

from .charts import bar_chart, column_chart
from .exports import TABLES, csv_lines, table_rows
from .periods import PERIODS, period_get
from .selectors import (
    STUDENT_ORDERINGS,
    CourseReport,
    course_get_reported,
    course_list_reported,
    course_report,
    share,
    student_progress_list,
)

COURSES_PER_PAGE = 25
STUDENTS_PER_PAGE = 50


def _course(request: HttpRequest, course_id: int) -> CoursePage:
    # Another teacher's course is not found, rather than refused: its
    # existence is not theirs to know.
    try:
        return course_get_reported(user=request.user, pk=course_id)
    except (CoursePage.DoesNotExist, OverflowError):  # past SQLite's integers
        raise Http404 from None


def _page(request: HttpRequest, rows, per_page: int) -> dict:
    """A page of `rows`, and what Wagtail's pagination_nav.html needs."""
    paginator = WagtailPaginator(rows, per_page)
    page = paginator.get_page(request.GET.get("p"))
    return {
        "items": page,
        "elided_page_range": paginator.get_elided_page_range(page.number),
    }


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "analytics/index.html",
        _page(request, course_list_reported(user=request.user), COURSES_PER_PAGE),
    )


@require_GET
def report(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _course(request, course_id)
    period = period_get(request.GET.get("period"))
    found = course_report(course=course, user=request.user, period=period)
    order = request.GET.get("order")
    if order not in STUDENT_ORDERINGS:
        order = "name"
    students = _page(
        request,
        student_progress_list(course=course, lessons=found.lessons, order=order),
        STUDENTS_PER_PAGE,
    )
    for enrollment in students["items"]:
        enrollment.progress = share(enrollment.completed, len(found.lessons))
    return TemplateResponse(
        request,
        "analytics/report.html",
        {
            "course": course,
            "report": found,
            "periods": PERIODS,
            "period": period,
            "charts": _charts(found),
            **students,
            "order": order,
            "orders": [(key, label) for key, (label, _) in STUDENT_ORDERINGS.items()],
        },
    )


def _charts(report: CourseReport) -> dict:
    students = report.students
    return {
        "enrollments": column_chart(report.enrollments),
        "revenue": [column_chart(series) for series in report.revenue],
        "donations": [column_chart(series) for series in report.donations],
        "funnel": bar_chart(
            "Students who opened and completed each lesson",
            ["Opened", "Completed"],
            [
                (
                    step.lesson.title,
                    f"{step.started} opened, {step.completed} completed, of {students}",
                    [share(step.started, students), share(step.completed, students)],
                )
                for step in report.funnel
            ],
        ),
        "quizzes": bar_chart(
            "Pass rate of each quiz",
            ["Passed", "Passed at the first try"],
            [
                (
                    f"{quiz.lesson.title}: {quiz.title}",
                    f"{quiz.passed} of {quiz.students} passed, "
                    f"{quiz.passed_first_try} at the first try",
                    [quiz.pass_rate, share(quiz.passed_first_try, quiz.students)],
                )
                for quiz in report.quizzes
            ],
        ),
        "questions": bar_chart(
            "Hardest questions: right at the first try",
            ["Right"],
            [
                (
                    question.prompt,
                    f"{question.right} of {question.answered} right",
                    [question.right_rate],
                )
                for question in report.hardest_questions[:5]
            ],
        ),
        "ratings": bar_chart(
            "Reviews by stars",
            ["Reviews"],
            [
                (
                    f"{stars} star{'s' if stars > 1 else ''}",
                    f"{count} of {report.reviews.count}",
                    [report.reviews.share(count)],
                )
                for stars, count in report.reviews.stars
            ],
        ),
    }


@require_GET
def export(request: HttpRequest, course_id: int, table: str) -> HttpResponse:
    if table not in TABLES:
        raise Http404
    course = _course(request, course_id)
    period = period_get(request.GET.get("period"))
    rows = table_rows(table=table, course=course, user=request.user, period=period)
    if table != "students":
        # Worked out before answering, so that an error is not a cut file;
        # a long class list is written as it is read.
        rows = list(rows)
    name = slugify(course.title) or f"course-{course.pk}"
    filename = f"{name}-{table}-{timezone.localdate():%Y-%m-%d}.csv"
    return StreamingHttpResponse(
        csv_lines(rows),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )
