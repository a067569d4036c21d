"""
Roles, and the groups that carry each role's permissions. The groups
themselves, and their Wagtail permissions, are created by a data migration.

A user's groups and superuser status follow their role: the user manager
applies the role of a new user, and services.user_set_role changes it.
This module sits below the models, so that both can use it.
"""

from django.contrib.auth.models import AbstractUser, Group
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    TEACHER = "teacher", _("Teacher")
    ADMIN = "admin", _("Admin")


ROLE_GROUP_NAMES: dict[str, str] = {
    Role.STUDENT: "Students",
    Role.TEACHER: "Teachers",
    Role.ADMIN: "Moderators",
}


@transaction.atomic
def user_role_apply(*, user: AbstractUser, role: str) -> AbstractUser:
    """
    Give `user` the role and what follows from it: the role's group (other
    role groups are left; unrelated groups are kept) and superuser status.
    Admins are superusers: they oversee and may do everything; Moderators is
    their group so that workflow tasks can be assigned to them.
    """
    user.role = Role(role)
    user.is_superuser = user.role == Role.ADMIN
    user.full_clean()
    user.save()

    role_groups = Group.objects.filter(name__in=ROLE_GROUP_NAMES.values())
    user.groups.remove(*role_groups.exclude(name=ROLE_GROUP_NAMES[user.role]))
    user.groups.add(role_groups.get(name=ROLE_GROUP_NAMES[user.role]))
    return user
