from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from commodities.admin import refresh_trade_data_now
from commodities.models import Concession

from .models import Delegation, Economy, Encounter, Negotiation, Person, Round, Source, Statement


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


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "economy"]
    list_filter = ["economy"]
    list_select_related = ["economy"]
    search_fields = ["name", "office"]
    autocomplete_fields = ["economy"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Negotiation)
class NegotiationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "status", "started_on", "ended_on"]
    list_filter = ["status", "parties"]
    search_fields = ["title", "summary"]
    date_hierarchy = "started_on"
    autocomplete_fields = ["parties", "sources"]
    prepopulated_fields = {"slug": ["title"]}
    actions = [refresh_trade_data_now]


class DelegationInline(admin.StackedInline):
    model = Delegation
    extra = 0
    autocomplete_fields = ["economy", "head", "members"]


class EncounterInline(admin.StackedInline):
    model = Encounter
    extra = 0
    autocomplete_fields = ["participants", "sources"]


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0
    autocomplete_fields = ["speaker", "sources"]


class ConcessionInline(admin.StackedInline):
    """Concessions that came up in this round; their negotiation is the round's."""

    model = Concession
    extra = 0
    exclude = ["negotiation"]
    autocomplete_fields = ["giver", "receiver", "commodity", "sources"]
    show_change_link = True


class RoundSourceInline(admin.TabularInline):
    model = Round.sources.through
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name = "source"
    verbose_name_plural = "sources"


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    list_display = ["title", "negotiation", "sequence", "status", "start_date", "end_date", "city"]
    list_filter = ["status", "format", "negotiation", "country"]
    list_select_related = ["negotiation"]
    search_fields = ["title", "city", "summary", "outcome", "next_steps"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["negotiation", "country"]
    exclude = ["sources"]
    inlines = [
        DelegationInline,
        EncounterInline,
        StatementInline,
        ConcessionInline,
        RoundSourceInline,
    ]
