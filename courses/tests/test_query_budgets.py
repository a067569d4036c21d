"""
Query counts stay flat as the catalog and courses grow: each page is
measured at two sizes against one budget.
"""

from io import BytesIO

from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images.models import Image

import pytest
from PIL import Image as PillowImage

from courses.factories import CoursePageFactory, LessonPageFactory, ModulePageFactory
from courses.models import Enrollment, LessonPage, LessonProgress
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

# Each includes the one query of the header's link to the catalog, and
# those of signed-in members the one of the bell's unread count.
CATALOG_BUDGET = 15
COURSE_BUDGET = 22
LESSON_BUDGET = 28
MY_LEARNING_BUDGET = 17


def thumbnail() -> Image:
    buffer = BytesIO()
    PillowImage.new("RGB", (64, 36), "teal").save(buffer, "PNG")
    image = Image(title="Thumb", file=ImageFile(buffer, name="thumb.png"))
    image.save()
    return image


def build_course(index, teacher, modules: int, lessons: int):
    course = CoursePageFactory(parent=index, owner=teacher, thumbnail=thumbnail())
    for _ in range(modules):
        module = ModulePageFactory(parent=course)
        for _ in range(lessons):
            LessonPageFactory(parent=module)
    return course


@pytest.mark.parametrize("courses", [2, 8])
def test_catalog_query_budget(
    client, course_index, teacher, courses, django_assert_max_num_queries
):
    for _ in range(courses):
        build_course(course_index, teacher, modules=1, lessons=1)
    client.get("/courses/")  # renditions are made on the first view

    with django_assert_max_num_queries(CATALOG_BUDGET):
        response = client.get("/courses/")

    assert len(response.context["courses"]) == courses


@pytest.mark.parametrize(("modules", "lessons"), [(1, 2), (4, 5)])
def test_course_page_query_budget(
    client, course_index, teacher, modules, lessons, django_assert_max_num_queries
):
    course = build_course(course_index, teacher, modules, lessons)
    client.force_login(UserFactory())
    client.get(course.url)

    with django_assert_max_num_queries(COURSE_BUDGET):
        response = client.get(course.url)

    assert (
        sum(len(items) for _, items in response.context["outline"]) == modules * lessons
    )


@pytest.mark.parametrize(("modules", "lessons"), [(1, 2), (4, 5)])
def test_lesson_page_query_budget(
    client, course_index, teacher, modules, lessons, django_assert_max_num_queries
):
    """The outline beside the lesson, with the student's progress, included."""
    course = build_course(course_index, teacher, modules, lessons)
    first, *_, lesson = LessonPage.objects.descendant_of(course).order_by("path")
    user = UserFactory()
    Enrollment.objects.create(user=user, course=course, source="free")
    LessonProgress.objects.create(
        user=user, lesson=first, course=course, completed_at=timezone.now()
    )
    client.force_login(user)
    client.get(lesson.url)

    with django_assert_max_num_queries(LESSON_BUDGET):
        response = client.get(lesson.url)

    outline = response.context["outline"]
    states = [
        (item.done, item.current) for _, items in outline.modules for item in items
    ]
    assert len(states) == modules * lessons
    assert states[0] == (True, False)
    assert states[-1] == (False, True)
    assert f"1 of {modules * lessons} lessons" in response.content.decode()


@pytest.mark.parametrize("enrollments", [1, 5])
def test_my_learning_query_budget(
    client, course_index, teacher, enrollments, django_assert_max_num_queries
):
    user = UserFactory()
    for _ in range(enrollments):
        course = build_course(course_index, teacher, modules=2, lessons=2)
        Enrollment.objects.create(user=user, course=course, source="free")
        lesson = LessonPage.objects.descendant_of(course).first()
        LessonProgress.objects.create(
            user=user, lesson=lesson, course=course, completed_at=timezone.now()
        )
    client.force_login(user)

    with django_assert_max_num_queries(MY_LEARNING_BUDGET):
        response = client.get("/learning/")

    assert response.content.decode().count("1 of 4 lessons") == enrollments
