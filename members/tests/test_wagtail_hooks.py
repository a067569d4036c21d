from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from members.factories import AdminFactory, TeacherFactory, UserFactory
from members.models import TeacherAssignment

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/members/teacherassignment/add/"
CHOOSER = "wagtailsnippetchoosers_members_teacherassignment"


def chooser_urls(assignment: TeacherAssignment) -> list[str]:
    """Every view of the snippet chooser that lists or looks up assignments."""
    return [
        reverse(f"{CHOOSER}:choose"),
        reverse(f"{CHOOSER}:choose_results"),
        reverse(f"{CHOOSER}:chosen", args=[assignment.pk]),
        f"{reverse(f'{CHOOSER}:chosen_multiple')}?id={assignment.pk}",
    ]


@pytest.fixture
def assignment(db):
    return TeacherAssignment.objects.create(
        teacher=TeacherFactory(), student=UserFactory(display_name="Quiet Pupil")
    )


def moderator():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


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


@pytest.mark.parametrize("make_user", [TeacherFactory, moderator])
def test_only_admins_see_teacher_assignments_in_the_snippet_chooser(
    client, assignment, make_user
):
    client.force_login(make_user())

    for url in chooser_urls(assignment):
        response = client.get(url)

        assert response.status_code in (302, 403), url
        assert b"Quiet Pupil" not in response.content


def test_an_admin_chooses_a_teacher_assignment(client, assignment):
    client.force_login(AdminFactory())

    for url in chooser_urls(assignment):
        response = client.get(url)

        assert response.status_code == 200, url
        assert b"Quiet Pupil" in response.content
