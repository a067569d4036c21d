from django.apps import AppConfig

from wagtail.users.apps import WagtailUsersAppConfig


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        # Imported here: its handlers connect on import, once the models are loaded.
        from . import backends  # noqa: F401


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users area, with the role in its forms."""

    user_viewset = "members.viewsets.UserViewSet"
