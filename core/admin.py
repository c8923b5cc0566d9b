from django.contrib import admin
from django.db import models

from .models import Economy, Export, Source


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


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    """Read-only: exports are asked for through the API and written by their task."""

    list_display = ["created_at", "path", "requested_by", "status", "rows", "finished_at"]
    list_filter = ["status"]
    search_fields = ["path", "requested_by__username"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Export._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
