from django.db.models import Q, QuerySet

from allauth.account.models import EmailAddress

from .models import User


def teacher_students(*, teacher: User) -> QuerySet[User]:
    """
    The students in `teacher`'s care, the one relation that the media
    library, progress reports and chat moderation rely on: those enrolled in
    a course the teacher owns or co-teaches, and those an admin assigned.
    """
    # Imported here: courses builds on members.
    from courses.models import CoursePage

    taught = CoursePage.objects.taught_by(teacher)
    return (
        User.objects.filter(is_active=True, role=User.Role.STUDENT)
        .filter(
            Q(teacher_assignments__teacher=teacher) | Q(enrollments__course__in=taught)
        )
        .exclude(pk=teacher.pk)
        .distinct()
    )


def teacher_has_student(*, teacher: User, student: User) -> bool:
    return teacher_students(teacher=teacher).filter(pk=student.pk).exists()


def user_has_verified_email(*, user: User) -> bool:
    """
    Whether the user's sign-in address is verified: required before they
    post, upload, chat, or enroll in email- or purchase-gated courses.
    """
    return (
        user.is_authenticated
        and EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists()
    )
