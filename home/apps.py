from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Home"

    def ready(self) -> None:
        # Imported here: handlers and checks register on import, once the
        # models are loaded.
        from . import checks, signals  # noqa: F401
