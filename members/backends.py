import uuid

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import User

# Members' permission sets are kept in the shared cache under the
# generation they were read in; any change to who holds which permission
# starts a new one. The timeout bounds what a write that sends no signal
# (raw SQL, a through model's bulk_create on existing members) can leave.
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
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = _kept_permissions(user_obj)
        return user_obj._perm_cache


def _kept_permissions(user: User) -> set[str]:
    user_key = f"permissions:user:{user.pk}"
    kept = cache.get_many([PERMISSIONS_GENERATION_KEY, user_key])
    generation = kept.get(PERMISSIONS_GENERATION_KEY)
    if generation is None:
        cache.add(PERMISSIONS_GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(PERMISSIONS_GENERATION_KEY)
    elif (entry := kept.get(user_key)) and entry[0] == generation:
        return set(entry[1])
    permissions = _read_permissions(user)
    cache.set(user_key, (generation, permissions), PERMISSIONS_KEPT_SECONDS)
    return permissions


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
    """
    Start a new generation of kept permissions: now, and again when the
    transaction commits, so that a set read in between (still the old one)
    is not kept.
    """

    def new_generation() -> None:
        cache.set(PERMISSIONS_GENERATION_KEY, uuid.uuid4().hex, None)

    new_generation()
    transaction.on_commit(new_generation)


for _through in (
    User.groups.through,
    User.user_permissions.through,
    Group.permissions.through,
):
    m2m_changed.connect(permissions_changed, sender=_through)
for _model in (Group, Permission):
    post_save.connect(permissions_changed, sender=_model)
    post_delete.connect(permissions_changed, sender=_model)
