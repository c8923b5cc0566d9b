from django.contrib import admin
from django.utils.text import Truncator

from core.bulk_admin import BulkImportAdminMixin
from core.domain_admin import DomainAdminMixin

from .models import Commodity, TradeFlow
from .resources import TradeFlowResource


@admin.register(Commodity)
class CommodityAdmin(DomainAdminMixin, admin.ModelAdmin):
    list_display = ["code", "description", "level", "section"]
    list_filter = ["level", "section"]
    search_fields = ["code", "description"]
    autocomplete_fields = ["parent"]


@admin.register(TradeFlow)
class TradeFlowAdmin(DomainAdminMixin, BulkImportAdminMixin, admin.ModelAdmin):
    resource_classes = [TradeFlowResource]
    list_display = [
        "reporter",
        "partner",
        "commodity",
        "year",
        "month",
        "flow",
        "value_usd",
        "source",
        "fetched_at",
    ]
    list_filter = ["source", "flow", "year", "reporter"]
    list_select_related = ["reporter", "partner", "commodity"]
    search_fields = ["commodity__code", "commodity__description", "reporter__iso3", "partner__iso3"]
    autocomplete_fields = ["reporter", "partner", "commodity"]
    date_hierarchy = "fetched_at"


class RefreshRunAdmin(DomainAdminMixin, admin.ModelAdmin):
    """Runs are written by the workers: read-only here."""

    list_display = [
        "started_at",
        "source",
        "series",
        "status",
        "rows_inserted",
        "rows_updated",
        "rows_unchanged",
        "duration",
        "short_error",
    ]
    list_filter = ["status", "source"]
    search_fields = ["series", "error", "task_id"]
    date_hierarchy = "started_at"
    readonly_fields = [
        "source",
        "series",
        "parameters",
        "status",
        "started_at",
        "finished_at",
        "duration",
        "rows_inserted",
        "rows_updated",
        "rows_unchanged",
        "error",
        "task_id",
    ]
    fields = readonly_fields

    @admin.display(description="error")
    def short_error(self, run):
        return Truncator(run.error).chars(80)

    def has_change_permission(self, request, obj=None):
        return False
