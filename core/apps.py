from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(using="default", verbosity=1, **kwargs):
    """The database cache's table (the cache without REDIS_URL), made by every `migrate`."""
    call_command("createcachetable", database=using, verbosity=verbosity)


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Economies and sources"

    def ready(self):
        from . import lookups, search, signals  # noqa: F401  (they register lookups, indexes)
        from .groups import ensure_groups

        post_migrate.connect(ensure_groups, dispatch_uid="core.ensure_groups")
        post_migrate.connect(
            create_cache_table, sender=self, dispatch_uid="core.create_cache_table"
        )
        signals.connect()
