from django.apps import AppConfig


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = "Community"

    def ready(self) -> None:
        # Imported here: handlers connect on import, once the models are loaded.
        from . import signals  # noqa: F401
