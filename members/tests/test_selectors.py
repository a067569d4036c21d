from django.contrib.auth.models import AnonymousUser

import pytest
from allauth.account.models import EmailAddress

from members.factories import TeacherFactory, UserFactory
from members.models import TeacherAssignment
from members.selectors import (
    teacher_has_student,
    teacher_students,
    user_has_verified_email,
)

pytestmark = pytest.mark.django_db


def test_teacher_students_are_those_assigned_to_them():
    teacher, other_teacher = TeacherFactory(), TeacherFactory()
    mine, theirs, unassigned = UserFactory(), UserFactory(), UserFactory()
    TeacherAssignment.objects.create(teacher=teacher, student=mine)
    TeacherAssignment.objects.create(teacher=other_teacher, student=theirs)

    assert list(teacher_students(teacher=teacher)) == [mine]
    assert teacher_has_student(teacher=teacher, student=mine)
    assert not teacher_has_student(teacher=teacher, student=theirs)
    assert not teacher_has_student(teacher=teacher, student=unassigned)


def test_deactivated_students_are_not_anyone_s_students():
    teacher = TeacherFactory()
    student = UserFactory(is_active=False)
    TeacherAssignment.objects.create(teacher=teacher, student=student)

    assert not teacher_students(teacher=teacher).exists()


def test_verified_email_means_the_sign_in_address_is_verified():
    user = UserFactory(email="me@example.com")
    assert not user_has_verified_email(user=user)

    EmailAddress.objects.create(user=user, email="other@example.com", verified=True)
    assert not user_has_verified_email(user=user)

    EmailAddress.objects.create(
        user=user, email="me@example.com", verified=True, primary=True
    )
    assert user_has_verified_email(user=user)
    assert not user_has_verified_email(user=AnonymousUser())
