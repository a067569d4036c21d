from django.contrib.auth.models import Group

import pytest

from members.factories import UserFactory
from members.models import User
from members.services import user_set_role

pytestmark = pytest.mark.django_db


def group_names(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_promoting_a_student_moves_them_to_the_teachers_group():
    user = UserFactory()

    user_set_role(user=user, role=User.Role.TEACHER)

    user.refresh_from_db()
    assert user.role == User.Role.TEACHER
    assert group_names(user) == {"Teachers"}
    assert user.has_perm("wagtailadmin.access_admin")


def test_admins_are_moderators_and_superusers_until_demoted():
    user = UserFactory()

    user_set_role(user=user, role=User.Role.ADMIN)
    assert group_names(user) == {"Moderators"}
    assert User.objects.get(pk=user.pk).is_superuser

    user_set_role(user=user, role=User.Role.STUDENT)
    user = User.objects.get(pk=user.pk)
    assert group_names(user) == {"Students"}
    assert not user.is_superuser
    assert not user.has_perm("wagtailadmin.access_admin")


def test_changing_role_keeps_groups_unrelated_to_roles():
    reviewers = Group.objects.create(name="Reviewers")
    user = UserFactory()
    user.groups.add(reviewers)

    user_set_role(user=user, role=User.Role.TEACHER)

    assert group_names(user) == {"Teachers", "Reviewers"}


def test_unknown_role_is_refused():
    user = UserFactory()

    with pytest.raises(ValueError, match="superhero"):
        user_set_role(user=user, role="superhero")

    assert User.objects.get(pk=user.pk).role == User.Role.STUDENT
