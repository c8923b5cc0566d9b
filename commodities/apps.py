from django.apps import AppConfig


class CommoditiesConfig(AppConfig):
    name = "commodities"
