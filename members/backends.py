from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class OneQueryModelBackend(ModelBackend):
    """
    Django's model backend, reading a member's own permissions and their
    groups' in one query instead of two. Every signed-in page asks once (the
    account menu's admin link, the course rule's moderators).
    """

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if (
            obj is not None
            or not user_obj.is_active
            or user_obj.is_anonymous
            or user_obj.is_superuser
        ):
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.filter(
                Q(user=user_obj) | Q(group__user=user_obj)
            ).values_list("content_type__app_label", "codename")
            user_obj._perm_cache = {
                f"{app_label}.{codename}" for app_label, codename in permissions
            }
        return user_obj._perm_cache
