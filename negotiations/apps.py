from django.apps import AppConfig


class NegotiationsConfig(AppConfig):
    name = "negotiations"

    def ready(self):
        from . import panels, search  # noqa: F401  (they register themselves)
