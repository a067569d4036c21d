import pytest

from courses.models import CoursePage, Enrollment
from courses.selectors import (
    course_list_taught_by,
    student_list_of_teacher,
    teacher_has_student,
)
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


def test_a_teachers_courses_are_those_they_own_or_co_teach_each_once(
    make_course, teacher
):
    other = TeacherFactory()
    owned = make_course()
    co_taught = make_course(owner=other)
    co_taught.co_teachers.add(teacher)
    co_taught.save()
    # Owned and co-taught by them both: still one course, counted once.
    shared = make_course()
    shared.co_teachers.add(teacher, other)
    shared.save()
    theirs = make_course(owner=other)
    for student in UserFactory.create_batch(2):
        Enrollment.objects.create(user=student, course=shared, source="free")

    courses = course_list_taught_by(user=teacher)

    assert sorted(course.pk for course in courses) == sorted(
        [owned.pk, co_taught.pk, shared.pk]
    )
    assert sorted(
        CoursePage.objects.taught_by(teacher).values_list("pk", flat=True)
    ) == (sorted([owned.pk, co_taught.pk, shared.pk]))
    counts = {course.pk: course.enrollment_count for course in courses}
    assert counts == {owned.pk: 0, co_taught.pk: 0, shared.pk: 2}
    assert {course.pk for course in course_list_taught_by(user=other)} == {
        co_taught.pk,
        shared.pk,
        theirs.pk,
    }
