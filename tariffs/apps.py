from django.apps import AppConfig


class TariffsConfig(AppConfig):
    name = "tariffs"

    def ready(self):
        from . import panels, search  # noqa: F401  (they register themselves)
