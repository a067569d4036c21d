from wagtail.models import ModelLogEntry

import pytest

from members.factories import AdminFactory, TeacherFactory, UserFactory
from members.models import TeacherAssignment

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/members/teacherassignment/add/"


def test_admin_assigns_a_student_to_a_teacher(client):
    admin, teacher, student = AdminFactory(), TeacherFactory(), UserFactory()
    client.force_login(admin)

    response = client.post(
        ADD_URL, {"teacher": teacher.pk, "student": student.pk, "note": "Extra help"}
    )

    assert response.status_code == 302
    assignment = TeacherAssignment.objects.get()
    assert (assignment.teacher, assignment.student) == (teacher, student)
    assert assignment.assigned_by == admin
    assert ModelLogEntry.objects.filter(
        action="wagtail.create", object_id=str(assignment.pk)
    ).exists()


def test_only_teachers_take_students_and_only_students_are_assigned(client):
    client.force_login(AdminFactory())
    student, other_student = UserFactory(), UserFactory()

    response = client.post(
        ADD_URL, {"teacher": other_student.pk, "student": student.pk}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not TeacherAssignment.objects.exists()


def test_a_student_is_assigned_to_a_teacher_once(client):
    client.force_login(AdminFactory())
    teacher, student = TeacherFactory(), UserFactory()
    TeacherAssignment.objects.create(teacher=teacher, student=student)

    response = client.post(ADD_URL, {"teacher": teacher.pk, "student": student.pk})

    assert response.status_code == 200
    assert TeacherAssignment.objects.count() == 1


def test_teachers_cannot_assign_students_to_themselves(client):
    teacher, student = TeacherFactory(), UserFactory()
    client.force_login(teacher)

    client.post(ADD_URL, {"teacher": teacher.pk, "student": student.pk})

    assert not TeacherAssignment.objects.exists()
