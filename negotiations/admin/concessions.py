from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.bulk_admin import BulkImportAdminMixin
from core.domain_admin import DomainAdminMixin

from ..models import Concession, ConcessionStatusChange
from ..resources import ConcessionResource


class ConcessionStatusChangeInline(admin.TabularInline):
    model = ConcessionStatusChange
    extra = 0
    autocomplete_fields = ["round", "sources"]


@admin.register(Concession)
class ConcessionAdmin(DomainAdminMixin, BulkImportAdminMixin, SimpleHistoryAdmin):
    resource_classes = [ConcessionResource]
    list_display = ["title", "giver", "receiver", "commodity", "kind", "status", "negotiation"]
    list_filter = ["status", "kind", "negotiation", "giver"]
    list_select_related = ["giver", "receiver", "commodity", "negotiation"]
    search_fields = ["title", "description", "commodity__code", "commodity__description"]
    autocomplete_fields = ["negotiation", "round", "giver", "receiver", "commodity", "sources"]
    readonly_fields = ["status"]
    inlines = [ConcessionStatusChangeInline]
