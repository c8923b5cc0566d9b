from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Commodity, Concession, ConcessionStatusChange, TradeFlow


@admin.register(Commodity)
class CommodityAdmin(admin.ModelAdmin):
    list_display = ["code", "description", "level", "section"]
    list_filter = ["level", "section"]
    search_fields = ["code", "description"]
    autocomplete_fields = ["parent"]


@admin.register(TradeFlow)
class TradeFlowAdmin(admin.ModelAdmin):
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


class ConcessionStatusChangeInline(admin.TabularInline):
    model = ConcessionStatusChange
    extra = 0
    autocomplete_fields = ["round", "sources"]


@admin.register(Concession)
class ConcessionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "giver", "receiver", "commodity", "kind", "status", "negotiation"]
    list_filter = ["status", "kind", "negotiation", "giver"]
    list_select_related = ["giver", "receiver", "commodity", "negotiation"]
    search_fields = ["title", "description", "commodity__code", "commodity__description"]
    autocomplete_fields = ["negotiation", "round", "giver", "receiver", "commodity", "sources"]
    readonly_fields = ["status"]
    inlines = [ConcessionStatusChangeInline]
