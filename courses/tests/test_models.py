from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from courses.factories import CoursePageFactory
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("child", "parents"),
    [
        (CourseIndexPage, {HomePage}),
        (CoursePage, {CourseIndexPage}),
        (ModulePage, {CoursePage}),
        (LessonPage, {ModulePage}),
    ],
)
def test_course_pages_live_only_under_their_parent(child, parents):
    every_page_type = {
        HomePage,
        StandardPage,
        CourseIndexPage,
        CoursePage,
        ModulePage,
        LessonPage,
    }
    allowed = {
        parent for parent in every_page_type if child in parent.allowed_subpage_models()
    }

    assert allowed == parents


def test_lessons_have_no_children():
    assert LessonPage.allowed_subpage_models() == []


def test_there_is_one_catalog(course_index):
    assert not CourseIndexPage.can_create_at(course_index.get_parent())


def test_a_course_for_sale_is_drafted_before_it_has_a_price(course_index):
    course = CoursePageFactory.build(access_level=CoursePage.AccessLevel.PURCHASE)

    course.clean()  # publishing asks for the price: see test_admin.py

    assert course.price is None


def test_a_currency_code_given_must_be_three_letters(course_index):
    course = CoursePageFactory.build(
        access_level=CoursePage.AccessLevel.PURCHASE,
        price=Decimal("25.00"),
        currency="K5",
    )

    with pytest.raises(ValidationError) as error:
        course.clean()

    assert set(error.value.message_dict) == {"currency"}


def test_purchase_course_currency_is_normalised(course_index):
    course = CoursePageFactory.build(
        access_level=CoursePage.AccessLevel.PURCHASE,
        price=Decimal("25.00"),
        currency="kes",
    )

    course.clean()

    assert course.currency == "KES"


def test_free_courses_carry_no_price(course_index):
    course = CoursePageFactory.build(
        access_level=CoursePage.AccessLevel.OPEN, price=Decimal("10"), currency="USD"
    )

    course.clean()

    assert course.price is None
    assert course.currency == ""


def test_an_unfinished_lesson_names_what_keeps_it_from_going_live(make_course):
    lesson = LessonPage.objects.descendant_of(make_course()).first()
    lesson.body = [
        ("video", {"asset": None, "embed": None, "caption": "Soon"}),
        ("heading", {"text": "", "size": "h2"}),
    ]

    assert lesson.publishing_errors() == [
        "Video: Choose a file from the media library or give a web address "
        "(one of the two).",
        "Heading: This field is required.",
    ]


def test_a_finished_lesson_may_go_live(make_course):
    lesson = LessonPage.objects.descendant_of(make_course()).first()

    assert lesson.publishing_errors() == []
