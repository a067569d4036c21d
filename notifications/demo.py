"""
Demo news for seed_demo: the lessons seeded with the courses count as
announced long ago, as the migration leaves those of a site that had
lessons, all but the last open lesson of the student's first course, which
is announced as if just published: the student finds it under the bell,
and `send_notification_digests` emails it a little later.
"""

from courses.models import CoursePage
from members.models import User

from .models import AnnouncedLesson
from .selectors import lesson_list_unannounced
from .services import new_lessons_announce


def create_demo_news(*, student: User) -> None:
    if AnnouncedLesson.objects.exists():
        return
    course = CoursePage.objects.filter(enrollments__user=student).order_by("path")[0]
    lesson = (
        lesson_list_unannounced()
        .descendant_of(course)
        .filter(opens_after_days__isnull=True)
        .order_by("-path")
        .first()
    )
    AnnouncedLesson.objects.bulk_create(
        AnnouncedLesson(lesson_id=pk)
        for pk in lesson_list_unannounced()
        .exclude(pk=lesson.pk)
        .values_list("pk", flat=True)
    )
    new_lessons_announce(page_id=lesson.pk)
