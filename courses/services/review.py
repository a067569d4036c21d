"""Course review: approving a course publishes it whole (see courses/review.py)."""

from django.db import transaction

from members.models import User

from ..models import CoursePage
from ..review import course_changes


@transaction.atomic
def course_review_publish(*, course: CoursePage, user: User | None) -> None:
    """
    Publish what a course review approved, together: the course's latest
    revision, then each changed module's and lesson's, parents first, as
    the moderator saw them listed. A revision with a go-live time in the
    future is scheduled, as Wagtail schedules it.
    """
    changes = list(course_changes(course=course))
    course.get_latest_revision().publish(user=user, skip_permission_checks=True)
    for page in changes:
        page.get_latest_revision().publish(user=user, skip_permission_checks=True)
