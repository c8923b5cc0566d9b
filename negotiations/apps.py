from django.apps import AppConfig


class NegotiationsConfig(AppConfig):
    name = "negotiations"

    def ready(self):
        from . import panels, search, signals  # noqa: F401  (panels, search register themselves)

        signals.connect()
