import re
from datetime import timedelta

from django.utils import timezone

import pytest

from courses.factories import SubjectFactory
from courses.models import CourseIndexPage, CoursePage
from members.factories import TeacherFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.search_index]


def titles(response) -> list[str]:
    return [course.title for course in response.context["courses"]]


@pytest.fixture
def catalog(make_course):
    maths, computing = SubjectFactory(name="Maths"), SubjectFactory(name="Computing")
    other_teacher = TeacherFactory()
    make_course(title="Algebra", subject=maths, level="beginner")
    make_course(
        title="Calculus", subject=maths, level="advanced", access_level="members"
    )
    make_course(
        title="Python", subject=computing, owner=other_teacher, access_level="purchase",
        price=10, currency="USD",
    )  # fmt: skip
    return {"maths": maths, "other_teacher": other_teacher}


def test_catalog_filters(client, catalog):
    assert titles(client.get("/courses/", {"subject": catalog["maths"].slug})) == [
        "Algebra",
        "Calculus",
    ]
    assert titles(client.get("/courses/", {"level": "advanced"})) == ["Calculus"]
    assert titles(client.get("/courses/", {"access_level": "purchase"})) == ["Python"]
    assert titles(
        client.get("/courses/", {"teacher": catalog["other_teacher"].pk})
    ) == ["Python"]


def test_catalog_search(client, catalog):
    assert titles(client.get("/courses/", {"query": "calculus"})) == ["Calculus"]
    # Search as you type: the start of a word finds the title.
    assert titles(client.get("/courses/", {"query": "calc"})) == ["Calculus"]


def test_catalog_sorts_newest_first(client, catalog):
    for days_ago, title in enumerate(["Python", "Calculus", "Algebra"]):
        CoursePage.objects.filter(title=title).update(
            first_published_at=timezone.now() - timedelta(days=days_ago)
        )

    assert titles(client.get("/courses/", {"sort": "newest"})) == [
        "Python",
        "Calculus",
        "Algebra",
    ]


def test_tampered_filters_are_ignored_not_errors(client, catalog):
    response = client.get(
        "/courses/", {"level": "<script>", "teacher": "x", "sort": "-id"}
    )

    assert response.status_code == 200
    assert titles(response) == ["Algebra", "Calculus", "Python"]


@pytest.mark.parametrize("page", ["9" * 19, "-3", "2.5", "9" * 5000])
def test_a_page_number_past_any_list_is_an_empty_page_not_an_error(
    client, catalog, page
):
    for query in ({"page": page}, {"page": page, "query": "Python"}):
        response = client.get("/courses/", query, HTTP_HX_REQUEST="true")

        assert response.status_code == 200


def test_my_learning_past_any_page_is_not_an_error(client):
    client.force_login(UserFactory())

    assert client.get("/learning/", {"page": "9" * 19}).status_code == 200


def test_htmx_gets_only_the_cards(client, catalog):
    response = client.get("/courses/", {"level": "advanced"}, HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert "<html" not in content
    assert "Calculus" in content


def test_catalog_loads_more_as_the_visitor_scrolls(client, make_course, monkeypatch):
    monkeypatch.setattr(CourseIndexPage, "courses_per_page", 2)
    for number in range(5):
        make_course(title=f"Course {number}")

    first = client.get("/courses/")
    second = client.get("/courses/", {"page": 2}, HTTP_HX_REQUEST="true")

    assert 'data-testid="load-more"' in first.content.decode()
    assert "page=2" in first.content.decode()
    assert titles(second) == ["Course 2", "Course 3"]


def test_coming_soon_courses_carry_a_badge(client, make_course):
    make_course(title="Later", availability="coming_soon")

    assert "Coming soon" in client.get("/courses/").content.decode()


def test_the_catalog_varies_on_htmx_and_restores_history_whole(client, catalog):
    response = client.get(
        "/courses/", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )

    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_every_catalog_field_has_a_label_tied_to_it(client, catalog):
    content = client.get("/courses/").content.decode()

    field_ids = re.findall(r'<(?:input|select)[^>]*\sid="([^"]+)"', content)
    assert {"id_query", "id_sort"} <= set(field_ids)
    for field_id in field_ids:
        assert re.search(rf'<label[^>]*\sfor="{field_id}"', content), field_id


def test_catalog_shows_prices_as_people_write_them(client, make_course):
    make_course(access_level="purchase", price=29, currency="USD")
    make_course(access_level="purchase", price=1500, currency="KES")

    content = client.get("/courses/").content.decode()

    assert "$29.00" in content
    assert "KES 1,500" in content


def test_card_shows_the_summary_not_the_meta_description(client, make_course):
    make_course(
        title="Algebra",
        summary="Solve equations with confidence.",
        overview="<p>An overview. With detail.</p>",
        search_description="Algebra course online | Lectern",
    )

    content = client.get("/courses/").content.decode()

    assert "Solve equations with confidence." in content
    assert "Algebra course online" not in content
    assert "An overview." not in content


def test_card_without_summary_shows_the_overviews_first_sentence(client, make_course):
    make_course(
        title="Algebra",
        overview="<h2>About</h2><p>Learn to solve equations. Then inequalities.</p>",
    )

    content = client.get("/courses/").content.decode()

    assert "Learn to solve equations." in content
    assert "Then inequalities." not in content


def test_markup_in_the_overview_never_reaches_the_card_as_markup(client, make_course):
    make_course(
        title="Algebra",
        overview=(
            "<p>Learn <b>bold</b> &lt;script&gt;alert(1)&lt;/script&gt; moves."
            " More.</p>"
        ),
    )

    content = client.get("/courses/").content.decode()

    assert "Learn bold &lt;script&gt;alert(1)&lt;/script&gt; moves." in content
    assert "<b>bold</b>" not in content
    assert "<script>alert(1)" not in content


def test_catalog_search_finds_words_of_the_summary(client, catalog, make_course):
    make_course(title="Numbers", summary="Photosynthesis for mathematicians.")

    assert titles(client.get("/courses/", {"query": "photosynthesis"})) == ["Numbers"]
