from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Economies and sources"

    def ready(self):
        from . import lookups, search, signals  # noqa: F401  (they register lookups, indexes)
        from .groups import ensure_groups

        post_migrate.connect(ensure_groups, dispatch_uid="core.ensure_groups")
        signals.connect()
