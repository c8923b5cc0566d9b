from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NegotiationsConfig(AppConfig):
    name = "negotiations"

    def ready(self):
        from . import signals
        from .groups import ensure_groups

        post_migrate.connect(ensure_groups, dispatch_uid="negotiations.ensure_groups")
        signals.connect()
