"""
The migration that starts the announcing of new lessons (0002), run by
Django's migration executor from the state before it: the lessons open
before the upgrade count as told of, and those not open yet are told of
when they open.
"""

import pytest

from courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from courses.models import CoursePage, LessonPage
from notifications.models import AnnouncedLesson

# Migrating rebuilds tables, so the test runs outside a transaction, and the
# rows earlier migrations wrote are put back afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE_ANNOUNCING = [("notifications", "0001_initial")]
WITH_ANNOUNCING = [("notifications", "0002_course_emails")]


def test_only_the_lessons_open_before_the_upgrade_count_as_told_of(migrate, home_page):
    migrate(BEFORE_ANNOUNCING)
    index = CourseIndexPageFactory(parent=home_page)
    course = CoursePageFactory(parent=index)
    module = ModulePageFactory(parent=course)
    draft_module = ModulePageFactory(parent=course, live=False)
    soon_course = CoursePageFactory(
        parent=index, availability=CoursePage.Availability.COMING_SOON
    )
    lessons = {
        "open": LessonPageFactory(parent=module),
        "draft": LessonPageFactory(parent=module, live=False),
        "coming soon": LessonPageFactory(
            parent=module, availability=LessonPage.Availability.COMING_SOON
        ),
        "in a draft module": LessonPageFactory(parent=draft_module),
        "in a coming-soon course": LessonPageFactory(
            parent=ModulePageFactory(parent=soon_course)
        ),
    }

    migrate(WITH_ANNOUNCING)

    announced = set(AnnouncedLesson.objects.values_list("lesson_id", flat=True))
    assert {name for name, lesson in lessons.items() if lesson.pk in announced} == {
        "open"
    }
