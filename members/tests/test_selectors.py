import pytest

from members.factories import TeacherFactory, UserFactory
from members.models import TeacherAssignment
from members.selectors import teacher_has_student, teacher_students

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
