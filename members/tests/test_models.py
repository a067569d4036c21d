import pytest

from members.models import User

pytestmark = pytest.mark.django_db


def group_names(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_new_user_is_a_student_in_the_students_group():
    user = User.objects.create_user(email="new@example.com", password="x")

    assert user.role == User.Role.STUDENT
    assert group_names(user) == {"Students"}
    assert not user.is_superuser


def test_create_superuser_makes_an_admin():
    user = User.objects.create_superuser(email="Boss@Example.com", password="x")

    assert user.role == User.Role.ADMIN
    assert user.is_superuser
    assert user.email == "boss@example.com"
    assert group_names(user) == {"Moderators"}
