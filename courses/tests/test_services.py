import pytest

from courses.models import Enrollment
from members.factories import TeacherFactory, UserFactory
from members.models import TeacherAssignment
from members.selectors import teacher_students

pytestmark = pytest.mark.django_db


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

    assert set(teacher_students(teacher=teacher)) == {enrolled, assigned}
    assert set(teacher_students(teacher=co_teacher)) == {enrolled}
    assert set(teacher_students(teacher=stranger)) == {elsewhere}
