import pytest

from courses.factories import CourseIndexPageFactory, CoursePageFactory

pytestmark = pytest.mark.django_db


def test_publishing_or_unpublishing_a_course_purges_the_home_page(
    home_page, frontend_cache
):
    index = CourseIndexPageFactory(parent=home_page)
    course = CoursePageFactory(parent=index)
    frontend_cache.clear()

    course.save_revision().publish()
    assert home_page.url in frontend_cache

    frontend_cache.clear()
    course.unpublish()
    assert home_page.url in frontend_cache
