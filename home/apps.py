from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Home"

    def ready(self) -> None:
        # Imported here: handlers connect on import, once the models are loaded.
        from . import signals  # noqa: F401
