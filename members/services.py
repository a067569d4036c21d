from django.contrib.auth.models import Group
from django.db import transaction

from .models import User

# The group that carries each role's permissions. The groups themselves, and
# their Wagtail permissions, are created by a data migration.
ROLE_GROUP_NAMES: dict[str, str] = {
    User.Role.STUDENT: "Students",
    User.Role.TEACHER: "Teachers",
    User.Role.ADMIN: "Moderators",
}


@transaction.atomic
def user_set_role(*, user: User, role: str) -> User:
    """
    Give `user` the role and keep everything that follows from it in step:
    the role's group (other role groups are left; unrelated groups are kept)
    and superuser status, which admins have and nobody else does.
    """
    user.role = User.Role(role)
    user.is_superuser = user.role == User.Role.ADMIN
    user.full_clean()
    user.save()

    role_groups = Group.objects.filter(name__in=ROLE_GROUP_NAMES.values())
    user.groups.remove(*role_groups.exclude(name=ROLE_GROUP_NAMES[user.role]))
    user.groups.add(role_groups.get(name=ROLE_GROUP_NAMES[user.role]))
    return user
