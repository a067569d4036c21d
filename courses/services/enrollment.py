"""Enrolling in a course, and leaving one."""

from django.core.exceptions import PermissionDenied, ValidationError

from members.models import User

from ..access import course_allows_enrollment, course_takes_enrollments
from ..models import CoursePage, Enrollment


def enrollment_create(
    *, user: User, course: CoursePage, source: str = Enrollment.Source.FREE
) -> Enrollment:
    """
    Enroll `user`. Free enrollment follows the course's access level; other
    sources (purchase, plan, admin) are granted by the code that verified them.
    """
    if source == Enrollment.Source.FREE and not course_allows_enrollment(
        user=user, course=course
    ):
        if not course_takes_enrollments(course=course):
            raise PermissionDenied(
                "This course is not open yet: enrollment opens when its lessons "
                "are published."
            )
        raise PermissionDenied("This course is not open for enrollment.")
    enrollment, _ = Enrollment.objects.get_or_create(
        user=user, course=course, defaults={"source": source}
    )
    return enrollment


def enrollment_delete(*, user: User, course: CoursePage) -> None:
    """Leave a course one enrolled in for free; bought access is kept."""
    enrollment = Enrollment.objects.filter(user=user, course=course).first()
    if enrollment is None:
        raise ValidationError(
            "You are not enrolled in this course, so there is nothing to leave."
        )
    if enrollment.source != Enrollment.Source.FREE:
        raise PermissionDenied("Courses you bought or were given stay yours.")
    enrollment.delete()
