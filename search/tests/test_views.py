"""
The search page and its suggestions: whatever is typed or tampered with
gets a page (or a clear 400), never a 500; HTMX gets the fragments it
swaps in; promotions come first; searches are logged once.
"""

from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.search.backends import get_search_backends

import pytest
from factory.django import mute_signals

from courses.factories import CoursePageFactory, SubjectFactory
from courses.models import CoursePage
from members.factories import TeacherFactory, UserFactory

from .helpers import paragraph, public_asset

pytestmark = pytest.mark.django_db

SEARCH_URL = "/search/"
SUGGESTIONS_URL = "/search/suggestions/"
HTMX = {"HX-Request": "true"}
# What the backends' query languages would take for operators.
OPERATORS = 'AND OR NOT " * ( ) :'


def results_region(response) -> str:
    """The results of the page, without the search form that repeats the words."""
    content = response.content.decode()
    return content[content.index('id="search-results"') :]


def course_titles(response) -> list[str]:
    """The titles of the courses found, from the page's context."""
    for type_name, _count, results in response.context["sections"]:
        if type_name == "course":
            return [course.title for course in results]
    return []


def hits(query: str) -> int:
    return Query.get(query).hits


@pytest.fixture
def python(make_course):
    return make_course(
        title="Python for django",
        summary="Web apps, step by step.",
        lessons=[{"title": "Views", "body": paragraph("Requests and responses.")}],
    )


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}])
def test_an_empty_search_asks_what_to_look_for(client, python, params):
    response = client.get(SEARCH_URL, params)

    assert response.status_code == 200
    assert "Type what you are looking for" in response.content.decode()
    assert response.context["sections"] == []


def test_a_search_of_a_thousand_characters_is_refused_with_a_message(client, python):
    response = client.get(SEARCH_URL, {"q": "x" * 1000})

    assert response.status_code == 400
    content = response.content.decode()
    assert "Search for at most 200 characters (this is 1000)." in content
    assert 'aria-invalid="true"' in content
    assert response.context["sections"] == []
    assert not Query.objects.exists()


def test_a_search_too_long_typed_on_the_page_gets_the_message_in_place(client, python):
    response = client.get(
        SEARCH_URL, {"q": "x" * 201}, headers={**HTMX, "HX-Target": "search-results"}
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "<html" not in content
    assert "Search for at most 200 characters (this is 201)." in content


def test_query_language_is_searched_as_plain_words(client, python):
    response = client.get(SEARCH_URL, {"q": 'python "django" (*:'})

    assert response.status_code == 200
    assert course_titles(response) == ["Python for django"]


def test_operators_alone_find_nothing_and_break_nothing(client, python):
    response = client.get(SEARCH_URL, {"q": OPERATORS})

    assert response.status_code == 200
    assert "No courses match." in response.content.decode()
    assert all(count == 0 for _type, count, _results in response.context["sections"])


def test_emoji_alone_find_nothing_and_break_nothing(client, python):
    response = client.get(SEARCH_URL, {"q": "🦀🐍"})

    assert response.status_code == 200
    assert all(count == 0 for _type, count, _results in response.context["sections"])


@pytest.mark.parametrize(
    ("title", "query"),
    [
        pytest.param("Ελληνικά για αρχάριους", "Ελληνικά", id="greek"),
        pytest.param("Ελληνικά για αρχάριους", "ελληνικά", id="greek in lower case"),
        pytest.param("日本語 入門", "日本語", id="japanese"),
    ],
)
def test_titles_in_other_scripts_are_found(client, make_course, title, query):
    make_course(title=title)

    response = client.get(SEARCH_URL, {"q": query})

    assert response.status_code == 200
    assert course_titles(response) == [title]


@pytest.fixture
def many_courses(course_index, teacher, monkeypatch):
    """Five courses about rivers, two to a page."""
    monkeypatch.setattr("search.views.RESULTS_PER_PAGE", 2)
    return [
        CoursePageFactory(parent=course_index, owner=teacher, title=f"Rivers {n}")
        for n in range(5)
    ]


def test_a_page_past_the_end_shows_the_last_page(client, many_courses):
    response = client.get(SEARCH_URL, {"q": "rivers", "type": "course", "page": 999})

    assert response.status_code == 200
    _type, count, page = response.context["sections"][0]
    assert (count, page.number, len(page)) == (5, 3, 1)


def test_a_page_that_is_not_a_number_shows_the_first(client, many_courses):
    response = client.get(SEARCH_URL, {"q": "rivers", "type": "course", "page": "abc"})

    assert response.status_code == 200
    _type, count, page = response.context["sections"][0]
    assert (count, page.number, len(page)) == (5, 1, 2)


@pytest.mark.parametrize(
    "tampered",
    [
        {"type": "<script>"},
        {"subject": "no-such-subject"},
        {"teacher": "abc"},
        {"teacher": "999999"},
        {"access_level": "free-for-all"},
        {"sort": "-id"},
    ],
)
def test_unknown_filters_are_ignored(client, python, tampered):
    response = client.get(SEARCH_URL, {"q": "python", **tampered})

    assert response.status_code == 200
    assert [type_name for type_name, *_rest in response.context["sections"]] == [
        "course",
        "lesson",
        "media",
        "post",
        "person",
    ]
    assert course_titles(response) == ["Python for django"]


def test_the_filters_narrow_the_courses(client, make_course):
    maths = SubjectFactory(name="Maths")
    other_teacher = TeacherFactory()
    make_course(title="Rivers of algebra", subject=maths)
    make_course(title="Rivers of code", access_level=CoursePage.AccessLevel.PURCHASE)
    make_course(title="Rivers of song", owner=other_teacher)

    def titles(**filters) -> list[str]:
        response = client.get(SEARCH_URL, {"q": "rivers", "type": "course", **filters})
        return sorted(course.title for course in response.context["sections"][0][2])

    assert titles(subject=maths.slug) == ["Rivers of algebra"]
    assert titles(access_level="purchase") == ["Rivers of code"]
    assert titles(teacher=other_teacher.pk) == ["Rivers of song"]
    assert len(titles()) == 3


@pytest.mark.parametrize("result_type", ["", "person"])
@pytest.mark.parametrize("by", ["subject", "teacher"])
def test_subject_and_teacher_filters_work_for_every_type(
    client, make_course, teacher, result_type, by
):
    maths = SubjectFactory(name="Maths")
    make_course(title="Rivers of algebra", subject=maths)
    teacher.bio = "Rivers, always rivers."
    teacher.save()
    value = {"subject": maths.slug, "teacher": teacher.pk}[by]

    response = client.get(SEARCH_URL, {"q": "rivers", "type": result_type, by: value})

    assert response.status_code == 200
    assert f'href="{teacher.get_absolute_url()}"' in results_region(response)


def test_the_form_gets_the_results_fragment(client, python):
    response = client.get(
        SEARCH_URL, {"q": "python"}, headers={**HTMX, "HX-Target": "search-results"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert 'data-testid="results-course"' in content
    assert f'href="{python.url}"' in content
    assert "HX-Request" in response["Vary"]


def test_scrolling_gets_the_next_results_alone(client, many_courses):
    response = client.get(
        SEARCH_URL, {"q": "rivers", "type": "course", "page": 2}, headers=HTMX
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "<h2" not in content
    assert content.count('data-testid="search-result"') == 2
    assert "page=3" in content  # the next batch, as this one scrolls by
    assert len(response.context["results"]) == 2


def test_scrolling_through_every_page_shows_each_result_once(client, many_courses):
    titles = []
    for page in (1, 2, 3):
        response = client.get(
            SEARCH_URL, {"q": "rivers", "type": "course", "page": page}, headers=HTMX
        )
        titles += [course.title for course in response.context["results"]]

    assert sorted(titles) == [course.title for course in many_courses]


def test_restoring_history_gets_the_whole_page(client, python):
    response = client.get(
        SEARCH_URL,
        {"q": "python"},
        headers={**HTMX, "HX-History-Restore-Request": "true"},
    )

    assert "<html" in response.content.decode()


def test_suggestions_offer_titles_as_they_are_typed(client, python):
    response = client.get(SUGGESTIONS_URL, {"q": "pyth"}, headers=HTMX)

    content = response.content.decode()
    assert f'href="{python.url}"' in content
    assert "Python for django" in content
    assert "/search/?q=pyth" in content


@pytest.mark.parametrize("query", ["", "   ", "x" * 1000, "🦀", 'AND OR ( " :'])
def test_suggestions_for_nothing_useful_are_empty(client, python, query):
    response = client.get(SUGGESTIONS_URL, {"q": query}, headers=HTMX)

    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_suggestions_keep_lesson_bodies_to_their_readers(client, make_course):
    make_course(
        title="Paid",
        access_level=CoursePage.AccessLevel.PURCHASE,
        lessons=[{"title": "Closed", "body": paragraph("Hidden xylophonist.")}],
    )

    response = client.get(SUGGESTIONS_URL, {"q": "xylophonist"}, headers=HTMX)

    assert response.content.decode().strip() == ""


@pytest.fixture
def promotions(python, make_course):
    """For "python": the live course, and a course since unpublished."""
    withdrawn = make_course(title="Old snakes")
    withdrawn.unpublish()
    query = Query.get("python")
    SearchPromotion.objects.create(
        query=query, page=withdrawn, description="Gone.", sort_order=0
    )
    SearchPromotion.objects.create(
        query=query, page=python, description="Start here.", sort_order=1
    )
    return {"live": python, "withdrawn": withdrawn}


def test_promoted_pages_come_first_under_featured(client, promotions):
    response = client.get(SEARCH_URL, {"q": "Python"})

    results = results_region(response)
    featured = results.index(">Featured</h2>")
    assert featured < results.index(f'href="{promotions["live"].url}"')
    assert featured < results.index('data-testid="results-course"')
    assert "Start here." in results
    assert [promotion.page_id for promotion in response.context["promotions"]] == [
        promotions["live"].pk
    ]


def test_promoted_pages_that_are_not_live_are_left_out(client, promotions):
    response = client.get(SEARCH_URL, {"q": "python"})

    results = results_region(response)
    assert "Old snakes" not in results
    assert "Gone." not in results


def test_the_form_keeps_the_promoted_pages(client, promotions):
    response = client.get(
        SEARCH_URL, {"q": "python"}, headers={**HTMX, "HX-Target": "search-results"}
    )

    assert ">Featured</h2>" in response.content.decode()


def test_a_search_is_logged_for_the_reports(client, python):
    client.get(SEARCH_URL, {"q": "python"})
    client.get(SEARCH_URL, {"q": "Python"})

    assert hits("python") == 2


def test_typing_scrolling_and_suggestions_are_not_logged(client, many_courses):
    client.get(
        SEARCH_URL, {"q": "rivers"}, headers={**HTMX, "HX-Target": "search-results"}
    )
    client.get(SEARCH_URL, {"q": "rivers", "type": "course", "page": 2}, headers=HTMX)
    client.get(SEARCH_URL, {"q": "rivers", "type": "course", "page": 2})
    client.get(SUGGESTIONS_URL, {"q": "rivers"}, headers=HTMX)

    assert hits("rivers") == 0


def test_the_catalog_search_takes_query_language_as_words(client, python):
    found = client.get("/courses/", {"query": 'python "django" (*:'})
    nothing = client.get("/courses/", {"query": OPERATORS})

    assert found.status_code == nothing.status_code == 200
    assert [course.title for course in found.context["courses"]] == [
        "Python for django"
    ]
    assert list(nothing.context["courses"]) == []


def test_the_media_dashboard_search_takes_query_language_as_words(
    client, django_capture_on_commit_callbacks
):
    owner = UserFactory(email_verified=True)
    public_asset(owner, django_capture_on_commit_callbacks, title="River at dawn")
    dashboard = reverse("media_library:dashboard")

    found = client.get(dashboard, {"query": 'river* "dawn" (:'})
    nothing = client.get(dashboard, {"query": OPERATORS})

    assert found.status_code == nothing.status_code == 200
    assert [asset.title for asset in found.context["assets"]] == ["River at dawn"]
    assert list(nothing.context["assets"]) == []


def test_the_query_count_stays_flat_as_matching_courses_grow(
    client, course_index, teacher
):
    """
    The search page asks the database as many times for 10 matching courses
    as for 100 and for 1,000 (built without signals and indexed in one go:
    the fastest way to a thousand pages, some 30 seconds on SQLite); and for
    2, fewer than a section of the page shows.
    """
    subject = SubjectFactory()

    def add_courses(count: int) -> None:
        with mute_signals(post_save):
            courses = [
                CoursePageFactory(
                    parent=course_index,
                    owner=teacher,
                    subject=subject,
                    summary="All about quasars.",
                )
                for _ in range(count)
            ]
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(CoursePage, courses)

    def queries() -> dict[str, int]:
        counts = {}
        for name, params in (
            ("everything", {"q": "quasars"}),
            ("courses", {"q": "quasars", "type": "course"}),
        ):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(SEARCH_URL, params)
            assert response.status_code == 200
            counts[name] = len(captured)
        return counts

    add_courses(2)
    queries()  # site settings and the query log's row are made on the first search
    with_2 = queries()
    add_courses(8)
    with_10 = queries()
    add_courses(90)
    with_100 = queries()
    add_courses(900)
    with_1000 = queries()

    assert with_2 == with_10 == with_100 == with_1000
    assert CoursePage.objects.count() == 1000
