from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .models import User


class OneQueryPermissionsBackend(ModelBackend):
    """
    Permissions only, read in one query instead of Django's two (a member's
    own, then their groups'). Every signed-in page asks once: the account
    menu's admin link, the course rule's moderators. Listed first, it fills
    the cache on the user that Django's model backend (and allauth's, built
    on it) read after it. It signs nobody in: the backends that do keep
    their places, so sessions keep their backend and a wrong password is
    checked no more often than before.
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
            own = User.user_permissions.through.objects.filter(user=user_obj)
            grouped = Group.permissions.through.objects.filter(group__user=user_obj)
            permissions = (
                Permission.objects.filter(
                    Q(id__in=own.values("permission"))
                    | Q(id__in=grouped.values("permission"))
                )
                .values_list("content_type__app_label", "codename")
                .order_by()
            )
            user_obj._perm_cache = {
                f"{app_label}.{codename}" for app_label, codename in permissions
            }
        return user_obj._perm_cache
