"""
GET /api/v1/search: the search page's results, snippets and filters. Bad
input gets the page's 400 or nothing found, never a 500; results come a
page at a time, every type one after the other. Who finds what: see
test_api_matrix.py.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query

import pytest

from courses.factories import CoursePageFactory, SubjectFactory
from courses.models import CoursePage, LessonPage
from members.factories import AdminFactory, TeacherFactory

from .helpers import paragraph

pytestmark = pytest.mark.django_db

SEARCH_URL = "/api/v1/search"


def search(client, **params) -> dict:
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_snippets_are_escaped_with_the_words_marked(api_client, make_course):
    make_course(summary="<b>Bold</b> & quasars, everywhere.")

    [hit] = search(api_client(), q="quasars")["results"]

    assert hit["snippet"] == (
        "&lt;b&gt;Bold&lt;/b&gt; &amp; <mark>quasars</mark>, everywhere."
    )


def test_a_lessons_snippet_is_cut_from_what_the_searcher_may_read(
    api_client, make_course
):
    make_course(
        access_level=CoursePage.AccessLevel.PURCHASE,
        lessons=[
            {
                "title": "Quasars",
                "summary": "Far away.",
                "body": paragraph("Secret quasars."),
            }
        ],
    )
    lesson = LessonPage.objects.get(title="Quasars")

    [outline] = search(api_client(), q="quasars", type="lesson")["results"]
    [full] = search(api_client(AdminFactory()), q="quasars", type="lesson")["results"]

    assert outline["id"] == full["id"] == lesson.pk
    assert outline["snippet"] == "Far away."
    assert full["snippet"] == "Far away. Secret <mark>quasars</mark>."


@pytest.fixture
def python(make_course):
    return make_course(
        title="Python for django",
        summary="Web apps, step by step.",
        lessons=[{"title": "Views", "body": paragraph("Requests and responses.")}],
    )


@pytest.mark.parametrize("length", [201, 1000])
def test_a_search_too_long_is_refused_with_the_pages_message(
    api_client, python, length
):
    response = api_client().get(SEARCH_URL, {"q": "x" * length})

    assert response.status_code == 400
    message = f"Search for at most 200 characters (this is {length})."
    assert response.json() == {
        "code": "invalid",
        "message": message,
        "fields": {"q": [message]},
        "detail": {},
    }
    assert not Query.objects.exists()


def test_a_null_character_is_refused(api_client, python):
    response = api_client().get(SEARCH_URL, {"q": "python\x00"})

    assert response.status_code == 400
    assert response.json()["fields"]["q"] == ["Null characters are not allowed."]


@pytest.mark.parametrize("q", ["", "   ", 'AND OR NOT " * ( ) :', "🦀🐍"])
def test_nothing_to_search_for_finds_nothing(api_client, python, q):
    assert search(api_client(), q=q) == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_query_language_is_searched_as_plain_words(api_client, python):
    hits = search(api_client(), q='python "django" (*:', type="course")["results"]

    assert [hit["title"] for hit in hits] == ["Python for django"]


@pytest.mark.parametrize(
    "tampered",
    [
        {"type": "<script>"},
        {"type": "everything"},
        {"subject": "no-such-subject"},
        {"teacher": "abc"},
        {"teacher": "999999"},
        {"access_level": "free-for-all"},
        {"sort": "-id"},
    ],
)
def test_unknown_filters_are_ignored(api_client, python, tampered):
    everything = search(api_client(), q="python")

    assert search(api_client(), q="python", **tampered) == everything
    assert [hit["type"] for hit in everything["results"]] == ["course"]


def test_the_filters_narrow_the_results(api_client, make_course):
    maths = SubjectFactory(name="Maths")
    other_teacher = TeacherFactory()
    make_course(title="Rivers of algebra", subject=maths)
    make_course(title="Rivers of code", access_level=CoursePage.AccessLevel.PURCHASE)
    make_course(title="Rivers of song", owner=other_teacher)
    client = api_client()

    def titles(**filters) -> list[str]:
        hits = search(client, q="rivers", type="course", **filters)["results"]
        return sorted(hit["title"] for hit in hits)

    assert titles(subject=maths.slug) == ["Rivers of algebra"]
    assert titles(access_level="purchase") == ["Rivers of code"]
    assert titles(teacher=str(other_teacher.pk)) == ["Rivers of song"]
    assert len(titles()) == 3
    # Media have no access level: the filter rules them out.
    assert search(client, q="rivers", type="media", access_level="open")["count"] == 0


@pytest.fixture
def rivers(course_index, teacher):
    """Five courses about rivers, and their teacher, who writes about rivers."""
    teacher.bio = "Rivers, always rivers."
    teacher.save()
    return [
        CoursePageFactory(parent=course_index, owner=teacher, title=f"Rivers {n}")
        for n in range(5)
    ]


def test_one_type_comes_a_page_at_a_time(api_client, rivers):
    client = api_client()

    first = search(client, q="rivers", type="course", page_size=2)
    last = search(client, q="rivers", type="course", page_size=2, page=3)

    assert first["count"] == last["count"] == 5
    assert len(first["results"]) == 2
    assert first["next"] == (
        "http://testserver/api/v1/search?q=rivers&type=course&page_size=2&page=2"
    )
    assert first["previous"] is None
    assert len(last["results"]) == 1
    assert last["next"] is None


def test_every_type_comes_one_after_the_other_each_hit_once(api_client, rivers):
    client = api_client()
    pages = [search(client, q="rivers", page_size=2, page=n) for n in (1, 2, 3)]

    hits = [(hit["type"], hit["id"]) for page in pages for hit in page["results"]]

    assert [page["count"] for page in pages] == [6, 6, 6]
    assert [type_name for type_name, _id in hits] == [*["course"] * 5, "person"]
    assert {pk for _type, pk in hits[:5]} == {course.pk for course in rivers}
    assert hits[5] == ("person", rivers[0].owner_id)
    assert pages[2]["next"] is None


def test_a_page_past_the_end_is_empty(api_client, rivers):
    page = search(api_client(), q="rivers", type="course", page=99)

    assert (page["count"], page["results"]) == (5, [])


def test_a_search_is_logged_once_for_the_reports(api_client, rivers):
    client = api_client()

    search(client, q="rivers", page_size=2)
    search(client, q="rivers", page_size=2, page=2)

    assert Query.get("rivers").hits == 1


def test_the_query_count_stays_flat_as_results_grow(api_client, course_index, teacher):
    client = api_client()

    def queries() -> dict[str, int]:
        counts = {}
        for name, params in (
            ("everything", {"q": "quasars"}),
            ("courses", {"q": "quasars", "type": "course"}),
        ):
            with CaptureQueriesContext(connection) as captured:
                assert len(search(client, **params)["results"]) == len(courses)
            counts[name] = len(captured)
        return counts

    courses = [
        CoursePageFactory(parent=course_index, owner=teacher, summary="On quasars.")
        for _ in range(2)
    ]
    queries()  # site settings and the query log's row are made on the first search
    with_2 = queries()
    courses += [
        CoursePageFactory(parent=course_index, owner=teacher, summary="On quasars.")
        for _ in range(4)
    ]

    assert queries() == with_2
