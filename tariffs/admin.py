from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Measure, MeasureChange, ScopeLine


class ScopeLineInline(admin.TabularInline):
    model = ScopeLine
    extra = 0
    autocomplete_fields = ["commodity"]


class MeasureChangeInline(admin.StackedInline):
    model = MeasureChange
    extra = 0
    autocomplete_fields = ["sources"]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "issuer",
        "legal_basis",
        "measure_type",
        "applies_to_all_economies",
        "stacks",
    ]
    list_filter = ["legal_basis", "measure_type", "issuer", "stacks", "applies_to_all_economies"]
    list_select_related = ["issuer"]
    search_fields = ["title", "legal_citation", "description"]
    autocomplete_fields = ["issuer", "targets", "sources"]
    inlines = [ScopeLineInline, MeasureChangeInline]


@admin.register(MeasureChange)
class MeasureChangeAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "effective_on", "status", "ad_valorem_rate"]
    list_filter = ["status", "measure__legal_basis"]
    list_select_related = ["measure"]
    search_fields = ["measure__title", "note"]
    date_hierarchy = "effective_on"
    autocomplete_fields = ["measure", "sources"]
