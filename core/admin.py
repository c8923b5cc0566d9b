from django import forms
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.html import format_html, format_html_join
from django.utils.text import smart_split
from knox.models import AuthToken
from simple_history.admin import SimpleHistoryAdmin

from .bulk_admin import BulkImportAdminMixin
from .domain_admin import DomainAdminMixin
from .models import Economy, Export, Source
from .resources import MembershipResource
from .sources import near_duplicates


@admin.register(Economy)
class EconomyAdmin(DomainAdminMixin, BulkImportAdminMixin, SimpleHistoryAdmin):
    resource_classes = [MembershipResource]
    list_display = ["name", "iso3", "comtrade_code", "census_code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "iso3"]
    autocomplete_fields = ["members"]


class SourceForm(forms.ModelForm):
    """A source that looks like one already entered (`core.sources`) is saved only when the
    editor, shown the matches, ticks "save anyway"."""

    save_anyway = forms.BooleanField(
        required=False,
        widget=forms.HiddenInput,
        help_text="Tick to save it although it looks like the sources listed above.",
    )
    KEYS = ("publisher", "title", "url")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not set(self.KEYS) & set(self.changed_data):
            return cleaned
        values = [cleaned.get(name) for name in self.KEYS]
        matches = near_duplicates(*values, exclude_pk=self.instance.pk)
        if matches and not cleaned.get("save_anyway"):
            self.fields["save_anyway"].widget = forms.CheckboxInput()
            raise forms.ValidationError(duplicates_message(matches), code="near_duplicate")
        return cleaned


def duplicates_message(matches):
    links = format_html_join(
        "",
        '<li><a href="{}">{}</a>{}</li>',
        (
            (
                reverse("admin:core_source_change", args=[source.pk]),
                source,
                format_html(" <small>{}</small>", source.url) if source.url else "",
            )
            for source in matches
        ),
    )
    return format_html(
        "This looks like a source already entered (the same address, or the same publisher "
        "and title up to case and punctuation): <ul>{}</ul>Cite that one instead, or tick "
        "“Save anyway”.",
        links,
    )


def as_day(term):
    """The day a search term names as YYYY-MM-DD, else None."""
    try:
        return parse_date(term) if len(term) == 10 else None
    except ValueError:
        return None


@admin.register(Source)
class SourceAdmin(DomainAdminMixin, SimpleHistoryAdmin):
    restorable = True
    form = SourceForm
    list_display = ["title", "publisher", "kind", "published_on"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_on"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_search_results(self, request, queryset, search_term):
        """Words are looked for in the title, publisher and address; a YYYY-MM-DD date in
        the day published. The autocomplete of every form citing sources searches here."""
        words, days = [], []
        for term in smart_split(search_term):
            day = as_day(term)
            (days if day else words).append(day or term)
        queryset, may_have_duplicates = super().get_search_results(
            request, queryset, " ".join(words)
        )
        for day in days:
            queryset = queryset.filter(published_on=day)
        return queryset, may_have_duplicates


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
