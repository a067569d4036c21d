from django.apps import AppConfig

from wagtail.users.apps import WagtailUsersAppConfig


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = "Members"


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users area, with the role in its forms."""

    user_viewset = "members.viewsets.UserViewSet"
