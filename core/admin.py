from django.contrib import admin
from django.db import models

from .models import Economy, Source


@admin.register(Economy)
class EconomyAdmin(admin.ModelAdmin):
    list_display = ["name", "iso3", "comtrade_code", "census_code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "iso3"]
    autocomplete_fields = ["members"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "kind", "published_on"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_on"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
