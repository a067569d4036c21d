from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "portal.page_cache"
    label = "page_cache"
    verbose_name = "Page cache"

    def ready(self) -> None:
        # Connected in every process (web, task worker, publish_scheduled),
        # once the models are loaded.
        from .signals import connect_invalidation

        connect_invalidation()
