"""
The search selectors: what each type of result lists before words are
matched, how filters narrow it, how it is ordered, and which promotions
show.
"""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

import pytest

from courses.factories import SubjectFactory
from courses.models import CoursePage, LessonSearchText
from courses.viewer import Viewer
from media_library.factories import MediaAssetFactory
from members.factories import TeacherFactory, UserFactory
from search.selectors import (
    search_list,
    search_promotion_list,
    search_results,
)

from .helpers import paragraph, public_asset

pytestmark = pytest.mark.django_db

ANYONE = Viewer(AnonymousUser())


def titles(results) -> list[str]:
    return [result.title for result in results]


@pytest.fixture
def catalog(make_course, teacher):
    """Courses about rivers, of two subjects, two access levels, two teachers."""
    maths, music = SubjectFactory(name="Maths"), SubjectFactory(name="Music")
    other_teacher = TeacherFactory(first_name="Clara", bio="Composer of rivers.")
    lesson = {"title": "River basics", "body": paragraph("Rivers flow.")}
    return {
        "maths": maths,
        "music": music,
        "other teacher": other_teacher,
        "sums": make_course(title="River sums", subject=maths, lessons=[lesson]),
        "songs": make_course(
            title="River songs",
            subject=music,
            owner=other_teacher,
            access_level=CoursePage.AccessLevel.PURCHASE,
            lessons=[lesson],
        ),
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["River songs", "River sums"]),
        ({"subject": "maths"}, ["River sums"]),
        ({"access_level": "purchase"}, ["River songs"]),
        ({"teacher": "other teacher"}, ["River songs"]),
        ({"subject": "maths", "access_level": "purchase"}, []),
    ],
)
def test_filters_narrow_courses_and_lessons(catalog, filters, expected):
    if "teacher" in filters:
        filters = {**filters, "teacher": catalog[filters["teacher"]].pk}

    courses = search_results(
        viewer=ANYONE, query="river", result_type="course", **filters
    )
    lessons = search_results(
        viewer=ANYONE, query="river", result_type="lesson", **filters
    )

    assert sorted(titles(courses)) == expected
    assert sorted(text.course.title for text in lessons) == expected


def test_an_access_level_rules_out_media_and_people(catalog):
    for result_type in ("media", "person"):
        assert (
            search_list(viewer=ANYONE, result_type=result_type, access_level="open")
            is None
        )
        assert (
            search_results(
                viewer=ANYONE,
                query="rivers",
                result_type=result_type,
                access_level="open",
            )
            is None
        )


def test_filters_narrow_media_by_the_course_subject_and_owner(
    catalog, teacher, django_capture_on_commit_callbacks
):
    student = UserFactory(email_verified=True)
    catalog["sums"].enrollments.create(user=student, source="free")
    public_asset(
        student,
        django_capture_on_commit_callbacks,
        title="River map",
        course=catalog["sums"],
    )
    public_asset(teacher, django_capture_on_commit_callbacks, title="River photo")

    def found(**filters) -> list[str]:
        return sorted(
            titles(
                search_results(
                    viewer=ANYONE, query="river", result_type="media", **filters
                )
            )
        )

    assert found() == ["River map", "River photo"]
    assert found(subject="maths") == ["River map"]
    assert found(subject="music") == []
    assert found(teacher=teacher.pk) == ["River photo"]


def test_filters_narrow_people_to_the_teachers_of_a_subject(catalog, teacher):
    teacher.bio = "Swims rivers."
    teacher.save()

    def found(**filters) -> list[int]:
        return sorted(
            person.pk
            for person in search_results(
                viewer=ANYONE, query="rivers", result_type="person", **filters
            )
        )

    other = catalog["other teacher"]
    assert found() == sorted([teacher.pk, other.pk])
    assert found(subject="music") == [other.pk]
    assert found(teacher=teacher.pk) == [teacher.pk]


def test_people_are_active_teachers_only(db):
    TeacherFactory(first_name="Zelda", is_active=False)
    UserFactory(first_name="Zelda", bio="Zelda zelda.")
    found = TeacherFactory(first_name="Zelda")

    assert list(search_results(viewer=ANYONE, query="zelda", result_type="person")) == [
        found
    ]


def test_newest_first_when_asked(make_course):
    for days_ago, title in enumerate(["Ocean three", "Ocean two", "Ocean one"]):
        course = make_course(title=title, lessons=[{"title": title}])
        earlier = timezone.now() - timedelta(days=days_ago)
        CoursePage.objects.filter(pk=course.pk).update(first_published_at=earlier)
        LessonSearchText.objects.filter(course=course).update(published_at=earlier)

    for result_type in ("course", "lesson"):
        results = search_results(
            viewer=ANYONE, query="ocean", result_type=result_type, sort="newest"
        )
        assert titles(results) == ["Ocean three", "Ocean two", "Ocean one"]


def test_the_start_of_a_title_finds_it_when_no_whole_word_does(catalog):
    results = search_results(viewer=ANYONE, query="riv", result_type="course")

    assert sorted(titles(results)) == ["River songs", "River sums"]


def test_an_unknown_type_of_result_is_a_programming_error(db):
    with pytest.raises(ValueError, match="Unknown type of result"):
        search_list(viewer=ANYONE, result_type="page")


def test_private_media_is_not_listed_to_others(db):
    owner = UserFactory(email_verified=True)
    MediaAssetFactory(owner=owner, title="Diary")

    assert list(search_results(viewer=ANYONE, query="diary", result_type="media")) == []
    assert titles(
        search_results(viewer=Viewer(owner), query="diary", result_type="media")
    ) == ["Diary"]


@pytest.fixture
def promoted(catalog, home_page):
    """Promotions for "rivers": live, unpublished, private pages and a link."""
    query = Query.get("rivers")
    withdrawn = catalog["songs"]
    withdrawn.unpublish()
    private = catalog["sums"]
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )

    def promote(**fields):
        return SearchPromotion.objects.create(query=query, **fields)

    return {
        "home": promote(page=home_page, sort_order=2),
        "link": promote(
            external_link_url="https://example.com/rivers",
            external_link_text="Rivers atlas",
            sort_order=1,
        ),
        "withdrawn": promote(page=withdrawn, sort_order=0),
        "private": promote(page=private, sort_order=3),
    }


def test_promotions_show_links_and_live_public_pages_in_order(promoted):
    assert search_promotion_list(query="  Rivers ") == [
        promoted["link"],
        promoted["home"],
    ]


def test_promotions_are_for_their_own_query(promoted):
    assert search_promotion_list(query="river") == []


def test_a_teacher_is_found_by_the_name_they_go_by_not_one_behind_it():
    TeacherFactory(first_name="Grace", last_name="Smithson", display_name="Prof X")

    def people(word: str) -> list[str]:
        return [
            str(person)
            for person in search_results(
                viewer=Viewer(AnonymousUser()), query=word, result_type="person"
            )
        ]

    assert people("prof") == ["Prof X"]
    assert people("smithson") == []
    assert people("grace") == []
