import pytest

from courses.models import Enrollment
from courses.selectors import student_list_of_teacher, teacher_has_student
from members.factories import TeacherFactory, UserFactory
from members.models import TeacherAssignment

pytestmark = pytest.mark.django_db


def test_teacher_students_are_those_assigned_to_them():
    teacher, other_teacher = TeacherFactory(), TeacherFactory()
    mine, theirs, unassigned = UserFactory(), UserFactory(), UserFactory()
    TeacherAssignment.objects.create(teacher=teacher, student=mine)
    TeacherAssignment.objects.create(teacher=other_teacher, student=theirs)

    assert list(student_list_of_teacher(teacher=teacher)) == [mine]
    assert teacher_has_student(teacher=teacher, student=mine)
    assert not teacher_has_student(teacher=teacher, student=theirs)
    assert not teacher_has_student(teacher=teacher, student=unassigned)


def test_deactivated_students_are_not_anyone_s_students():
    teacher = TeacherFactory()
    student = UserFactory(is_active=False)
    TeacherAssignment.objects.create(teacher=teacher, student=student)

    assert not student_list_of_teacher(teacher=teacher).exists()


def test_a_teachers_students_are_enrolled_in_their_courses_or_assigned(
    make_course, teacher
):
    co_teacher, stranger = TeacherFactory(), TeacherFactory()
    course = make_course()
    course.co_teachers.add(co_teacher)
    course.save()
    enrolled, assigned, elsewhere = UserFactory(), UserFactory(), UserFactory()
    Enrollment.objects.create(user=enrolled, course=course, source="free")
    TeacherAssignment.objects.create(teacher=teacher, student=assigned)
    Enrollment.objects.create(
        user=elsewhere, course=make_course(owner=stranger), source="free"
    )

    Enrollment.objects.create(user=TeacherFactory(), course=course, source="free")

    # Other teachers enrolled to look around are not students.
    assert set(student_list_of_teacher(teacher=teacher)) == {enrolled, assigned}
    assert set(student_list_of_teacher(teacher=co_teacher)) == {enrolled}
    assert set(student_list_of_teacher(teacher=stranger)) == {elsewhere}
