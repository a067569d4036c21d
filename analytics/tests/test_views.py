"""The analytics pages in the Wagtail admin: who sees what, the CSV files,
and what they cost."""

import csv
import io

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from analytics.exports import TABLES
from courses.factories import CoursePageFactory, LessonPageFactory, quiz_block_value
from courses.models import Enrollment, LessonPage, LessonProgress, ModulePage
from members.factories import AdminFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

# The admin's own share included: its menus, the user and the session.
REPORT_BUDGET = 26
INDEX_BUDGET = 13


def report_url(course, **query) -> str:
    url = reverse("analytics:report", args=[course.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def export_url(course, table: str) -> str:
    return reverse("analytics:export", args=[course.pk, table])


def figure(html: str, name: str) -> str:
    """The chart called `name` in a page."""
    start = html.index(f'data-testid="chart-{name}"')
    return html[start : html.index("</figure>", start)]


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = b"".join(response.streaming_content).decode()
    # Marked as UTF-8 for spreadsheets.
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_a_teacher_reads_the_charts_of_their_course(client, knots, teacher):
    client.force_login(teacher)

    response = client.get(report_url(knots))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="students">4<' in html
    assert 'data-testid="finished">1<' in html
    assert 'data-testid="average-progress">33%<' in html
    for chart in ["enrollments", "funnel", "quizzes", "questions", "ratings"]:
        assert f'data-testid="chart-{chart}"' in html
    assert figure(html, "enrollments").count('class="analytics-column"') == 13
    assert 'data-testid="chart-sales-usd"' in html
    assert 'data-testid="chart-donations-usd"' in html
    assert "Given to you" in html
    students = html[html.index('data-testid="student-progress"') :]
    assert students.count("<progress") == 4
    assert "Ann Student" in students
    assert "3 of 3 (100%)" in students


def test_the_period_changes_the_charts_and_anything_else_is_the_default(
    client, knots, teacher
):
    client.force_login(teacher)

    by_day = client.get(report_url(knots, period="30d")).content.decode()
    unknown = client.get(report_url(knots, period="<script>")).content.decode()

    assert figure(by_day, "enrollments").count('class="analytics-column"') == 30
    assert 'data-testid="new-students">3<' in by_day
    assert figure(unknown, "enrollments").count('class="analytics-column"') == 13
    assert "<script>" not in unknown


def moderator():
    # Reviews what teachers submit, but the money and the students are
    # their teachers' business.
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.mark.parametrize("who", ["another_teacher", "moderator"])
def test_other_staff_find_no_analytics_of_a_course(client, knots, who):
    client.force_login(
        {"another_teacher": TeacherFactory, "moderator": moderator}[who]()
    )

    for url in [report_url(knots), *(export_url(knots, table) for table in TABLES)]:
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("analytics:index"))
    assert listing.status_code == 200
    assert b"Knots" not in listing.content


def test_a_student_is_kept_out_of_the_admin(client, knots):
    client.force_login(Enrollment.objects.filter(course=knots).first().user)

    for url in [
        reverse("analytics:index"),
        report_url(knots),
        export_url(knots, "students"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert not response["Location"].startswith("/admin/analytics")


def test_the_signed_out_are_sent_to_sign_in(client, knots):
    response = client.get(report_url(knots))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_list_shows_a_teacher_their_courses_and_an_admin_every_one(
    client, knots, teacher, make_course
):
    someone_elses = make_course(owner=TeacherFactory(), title="Weaving")

    client.force_login(teacher)
    own = client.get(reverse("analytics:index")).content.decode()
    client.force_login(AdminFactory())
    every = client.get(reverse("analytics:index")).content.decode()

    assert report_url(knots) in own
    assert report_url(someone_elses) not in own
    assert report_url(knots) in every
    assert report_url(someone_elses) in every
    assert "<td>4</td>" in own  # Knots' students


def test_a_co_teacher_and_an_admin_read_the_course_too(client, knots, co_teacher):
    for user in [co_teacher, AdminFactory()]:
        client.force_login(user)
        assert client.get(report_url(knots)).status_code == 200


def test_the_reports_menu_offers_the_analytics_to_teachers_and_admins(client, teacher):
    for user, offered in [
        (teacher, True),
        (AdminFactory(), True),
        (moderator(), False),
    ]:
        client.force_login(user)
        dashboard = client.get("/admin/")
        assert dashboard.status_code == 200
        assert (reverse("analytics:index") in dashboard.content.decode()) is offered


def test_each_table_downloads_as_csv_with_the_reports_numbers(client, knots, teacher):
    client.force_login(teacher)

    funnel = read_csv(client.get(export_url(knots, "funnel")))
    quizzes = read_csv(client.get(export_url(knots, "quizzes")))
    questions = read_csv(client.get(export_url(knots, "questions")))
    ratings = read_csv(client.get(export_url(knots, "ratings")))
    revenue = read_csv(client.get(export_url(knots, "revenue") + "?period=12m"))
    donations = read_csv(client.get(export_url(knots, "donations") + "?period=30d"))
    enrollments = read_csv(client.get(export_url(knots, "enrollments") + "?period=all"))
    students = read_csv(client.get(export_url(knots, "students")))

    assert funnel == [
        TABLES["funnel"],
        ["Basics", "Overhand", "3", "2", "50"],
        ["Basics", "Bowline", "2", "1", "25"],
        ["Basics", "Sheet bend", "1", "1", "25"],
    ]
    assert quizzes[1:] == [
        ["Bowline", "Bowline check", "3", "1", "0", "4", "33"],
        ["Sheet bend", "Quick check", "1", "1", "1", "1", "100"],
    ]
    assert questions[1] == [
        "Bowline",
        "Bowline check",
        "Which hand holds the rabbit?",
        "3",
        "1",
        "33",
    ]
    assert ratings[1:] == [["5", "1"], ["4", "0"], ["3", "1"], ["2", "0"], ["1", "0"]]
    assert ["2026-06-01", "USD", "25.00"] in revenue
    assert ["2026-05-01", "KES", "1500.00"] in revenue
    assert ["2026-04-01", "KES", "0.00"] in revenue
    assert len(revenue) == 1 + 2 * 12  # twelve months, two currencies
    assert ["2026-06-12", "USD", "10.00"] in donations
    assert enrollments[1:] == [
        ["2026-03-01", "1"],
        ["2026-04-01", "0"],
        ["2026-05-01", "0"],
        ["2026-06-01", "3"],
    ]
    assert students[0] == TABLES["students"]
    assert students[1] == [
        "Ann Student",
        "2026-06-01",
        "Free enrollment",
        "3",
        "3",
        "100",
        "2",
        "2026-06-14T09:00+00:00",
    ]
    assert len(students) == 5
    # Names as members show them to others: never their email addresses.
    assert not any("@" in cell for row in students for cell in row)


def test_csv_cells_are_never_run_as_formulas(client, knots, teacher):
    Enrollment.objects.create(
        user=UserFactory(first_name='=HYPERLINK("http://evil")', last_name="-1+1"),
        course=knots,
        source="free",
    )
    client.force_login(teacher)

    students = read_csv(client.get(export_url(knots, "students")))

    names = [row[0] for row in students]
    assert '\'=HYPERLINK("http://evil") -1+1' in names
    assert not any(name.startswith("=") for name in names)


def test_unknown_tables_and_courses_are_not_found(client, knots, teacher):
    client.force_login(teacher)

    assert client.get(export_url(knots, "passwords")).status_code == 404
    assert client.get("/admin/analytics/99999999999999999999999/").status_code == 404


def test_a_course_without_lessons_or_students_has_an_empty_report(
    client, teacher, course_index
):
    empty = CoursePageFactory(parent=course_index, owner=teacher, title="Empty")
    client.force_login(teacher)

    for period in ["30d", "all"]:
        response = client.get(report_url(empty, period=period))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-testid="chart-enrollments-empty"' in html
        assert 'data-testid="chart-funnel-empty"' in html
        assert "No students yet." in html
    assert read_csv(client.get(export_url(empty, "students"))) == [TABLES["students"]]


def test_the_student_table_pages_through_a_large_class(client, knots, teacher):
    add_students(knots, 55)
    client.force_login(teacher)

    first = client.get(report_url(knots)).content.decode()
    second = client.get(report_url(knots, p=2)).content.decode()
    nonsense = client.get(report_url(knots, p="x", order="password"))

    assert first.count("<progress") == 50
    assert second.count("<progress") == 9
    assert "?p=2" in first  # Wagtail's page numbers
    assert nonsense.status_code == 200


def count_queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def image() -> Image:
    return Image.objects.create(title="Diagram", file=get_test_image_file())


def add_students(course, count: int, *, first_name: str = "Zed") -> None:
    lessons = list(LessonPage.objects.live().descendant_of(course))
    for _ in range(count):
        student = UserFactory(first_name=first_name)
        Enrollment.objects.create(user=student, course=course, source="free")
        for lesson in lessons:
            LessonProgress.objects.create(
                user=student, lesson=lesson, course=course, completed_at=None
            )


def test_the_report_costs_the_same_queries_for_more_students_and_lessons(
    client, knots, teacher
):
    client.force_login(teacher)
    small = count_queries(client, report_url(knots))

    add_students(knots, 60)  # past a page of the student table
    module = ModulePage.objects.child_of(knots).get()
    for _ in range(5):
        # Blocks that look up their files: only the quizzes are read.
        LessonPageFactory(
            parent=module,
            owner=teacher,
            body=[
                ("image", {"image": image(), "caption": ""}),
                ("quiz", quiz_block_value()),
            ],
        )
    large = count_queries(client, report_url(knots))

    assert small == large <= REPORT_BUDGET


def test_the_list_costs_the_same_queries_for_more_courses(
    client, knots, teacher, make_course
):
    client.force_login(teacher)
    small = count_queries(client, reverse("analytics:index"))

    for _ in range(5):
        add_students(make_course(lessons=2), 3)
    large = count_queries(client, reverse("analytics:index"))

    assert small == large <= INDEX_BUDGET


def test_the_explorer_offers_the_analytics_of_the_courses_a_teacher_teaches(
    client, knots, teacher, make_course
):
    someone_elses = make_course(owner=TeacherFactory(), title="Weaving")
    client.force_login(teacher)

    listing = client.get(f"/admin/pages/{knots.get_parent().pk}/").content.decode()
    own_page = client.get(f"/admin/pages/{knots.pk}/").content.decode()

    assert report_url(knots) in listing
    assert report_url(knots) in own_page
    assert report_url(someone_elses) not in listing
