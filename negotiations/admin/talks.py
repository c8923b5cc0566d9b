from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.domain_admin import DomainAdminMixin

from ..models import Concession, Delegation, Encounter, Negotiation, Person, Round, Statement
from .refreshes import refresh_trade_data_now


@admin.register(Person)
class PersonAdmin(DomainAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "office", "economy"]
    list_filter = ["economy"]
    list_select_related = ["economy"]
    search_fields = ["name", "office"]
    autocomplete_fields = ["economy"]


@admin.register(Negotiation)
class NegotiationAdmin(DomainAdminMixin, SimpleHistoryAdmin):
    restorable = True
    list_display = ["title", "status", "started_on", "ended_on", "recorded_through"]
    list_filter = ["status", "parties"]
    search_fields = ["title", "summary"]
    date_hierarchy = "started_on"
    autocomplete_fields = ["parties", "sources"]
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
class RoundAdmin(DomainAdminMixin, SimpleHistoryAdmin):
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
