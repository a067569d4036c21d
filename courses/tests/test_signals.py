import pytest

from courses.models import LessonPage

pytestmark = pytest.mark.django_db


def test_publishing_a_lesson_purges_it_its_course_and_the_catalog(
    make_course, frontend_cache
):
    course = make_course(slug="algebra")
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    frontend_cache.clear()

    lesson.title = "First steps, revised"
    lesson.save_revision().publish()

    assert set(frontend_cache) >= {lesson.url, course.url, "/courses/"}


def test_unpublishing_a_course_purges_the_catalog(make_course, frontend_cache):
    course = make_course()
    frontend_cache.clear()

    course.unpublish()

    assert "/courses/" in frontend_cache
