from django.apps import AppConfig


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = "Courses"

    def ready(self) -> None:
        # Imported here: handlers connect on import, once the models are loaded.
        from . import published, signals  # noqa: F401
