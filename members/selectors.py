from django.db.models import QuerySet

from allauth.account.models import EmailAddress

from .models import User


def teacher_students(*, teacher: User) -> QuerySet[User]:
    """
    The students in `teacher`'s care, the one relation that the media
    library, progress reports and chat moderation rely on.
    """
    return User.objects.filter(
        is_active=True, teacher_assignments__teacher=teacher
    ).distinct()


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
