from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from .kept import kept_on_user, kept_value, versions_changed
from .models import User

# Members' permission sets are kept in the shared cache (members/kept.py)
# under everyone's generation and each member's own version: a member
# joining or leaving a group changes theirs, a group's permissions
# changing changes everyone's. The timeout bounds what a write that sends
# no signal (raw SQL, a through model's bulk_create) can leave.
PERMISSIONS_GENERATION_KEY = "permissions:generation"
PERMISSIONS_KEPT_SECONDS = 600


class OneQueryPermissionsBackend(ModelBackend):
    """
    Permissions only, read in one query instead of Django's two (a member's
    own, then their groups'), and kept in the shared cache until they change:
    every signed-in page asks (the account menu's admin link, the userbar,
    the course rule's moderators), so most pages ask no query for them.
    Listed first, it fills the cache on the user that Django's model backend
    (and allauth's, built on it) read after it. It signs nobody in: the
    backends that do keep their places, so sessions keep their backend and a
    wrong password is checked no more often than before.
    """

    def authenticate(self, request, **credentials) -> None:
        return None

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if (
            obj is not None
            or not user_obj.is_active
            or user_obj.is_anonymous
            or user_obj.is_superuser
        ):
            return super().get_all_permissions(user_obj, obj)
        # Where Django's model backend keeps them on the user.
        return kept_on_user(
            user_obj, "_perm_cache", lambda: _kept_permissions(user_obj)
        )


def _kept_permissions(user: User) -> set[str]:
    return set(
        kept_value(
            f"permissions:user:{user.pk}",
            versions=(PERMISSIONS_GENERATION_KEY, _user_version_key(user.pk)),
            compute=lambda: _read_permissions(user),
            seconds=PERMISSIONS_KEPT_SECONDS,
        )
    )


def _user_version_key(user_id: int) -> str:
    return f"permissions:user-version:{user_id}"


def _read_permissions(user: User) -> set[str]:
    own = User.user_permissions.through.objects.filter(user=user)
    grouped = Group.permissions.through.objects.filter(group__user=user)
    permissions = (
        Permission.objects.filter(
            Q(id__in=own.values("permission")) | Q(id__in=grouped.values("permission"))
        )
        .values_list("content_type__app_label", "codename")
        .order_by()
    )
    return {f"{app_label}.{codename}" for app_label, codename in permissions}


def permissions_changed(**kwargs) -> None:
    """A group's permissions, a group or a permission changed: everyone's."""
    versions_changed(PERMISSIONS_GENERATION_KEY)


def memberships_changed(
    *, sender, instance, action: str, reverse: bool, pk_set, **kwargs
) -> None:
    """Members joined or left groups, or their own permissions changed: theirs."""
    if not action.startswith("post_"):
        return
    if not reverse:
        user_ids = [instance.pk]
    elif pk_set is not None:
        user_ids = list(pk_set)
    else:
        # A group's members cleared: who they were is not said.
        versions_changed(PERMISSIONS_GENERATION_KEY)
        return
    versions_changed(*(_user_version_key(user_id) for user_id in user_ids))


def group_permissions_changed(*, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        permissions_changed()


for _through in (User.groups.through, User.user_permissions.through):
    m2m_changed.connect(memberships_changed, sender=_through)
m2m_changed.connect(group_permissions_changed, sender=Group.permissions.through)
for _model in (Group, Permission):
    post_save.connect(permissions_changed, sender=_model)
    post_delete.connect(permissions_changed, sender=_model)
# Migrations grant and revoke permissions through historical models, whose
# changes send no signal to the receivers above.
post_migrate.connect(permissions_changed)
