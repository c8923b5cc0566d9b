from django.contrib import admin
from django.db import models
from django.utils import timezone
from knox.models import AuthToken
from simple_history.admin import SimpleHistoryAdmin

from .bulk_admin import BulkImportAdminMixin
from .domain_admin import DomainAdminMixin
from .models import Economy, Export, Source
from .resources import MembershipResource


@admin.register(Economy)
class EconomyAdmin(DomainAdminMixin, BulkImportAdminMixin, SimpleHistoryAdmin):
    resource_classes = [MembershipResource]
    list_display = ["name", "iso3", "comtrade_code", "census_code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "iso3"]
    autocomplete_fields = ["members"]


@admin.register(Source)
class SourceAdmin(DomainAdminMixin, SimpleHistoryAdmin):
    restorable = True
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


# knox's own admin lists each token's digest and offers to issue one; this one shows no part
# of a token, and issues none (the API's login and `create_api_token` do, and show it once).
admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class APITokenAdmin(admin.ModelAdmin):
    """API tokens: whose, issued when, expiring when. Delete one to revoke it."""

    list_display = ["user", "created", "expiry", "expired"]
    list_filter = ["created", "expiry"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["user", "created", "expiry"]
    readonly_fields = fields

    @admin.display(boolean=True, description="expired")
    def expired(self, token):
        return token.expiry is not None and token.expiry <= timezone.now()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
