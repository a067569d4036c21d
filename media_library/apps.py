from django.apps import AppConfig


class MediaLibraryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "media_library"
    verbose_name = "Media library"

    def ready(self) -> None:
        # Imported here: handlers connect on import, once the models are loaded.
        from . import signals  # noqa: F401
