from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.domain_admin import DomainAdminMixin

from ..models import Negotiation, Person
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
