from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from core.bulk_admin import BulkImportAdminMixin
from core.domain_admin import DomainAdminMixin

from .admin_preview import MeasurePreviewMixin
from .models import (
    Chapter99Heading,
    Measure,
    MeasureChange,
    MeasureRelation,
    NationalLine,
    PartnerException,
    PendingUpdate,
    ScheduleRevision,
    ScopeLine,
)
from .resources import MeasureResource


class ScopeLineInline(admin.TabularInline):
    model = ScopeLine
    extra = 0
    autocomplete_fields = ["commodity"]
    fields = ["commodity", "excluded", "annex", "effective_from", "effective_to"]


class MeasureChangeInline(admin.StackedInline):
    model = MeasureChange
    extra = 0
    autocomplete_fields = ["sources"]
    fieldsets = [
        (None, {"fields": [("effective_on", "published_on", "status"), "chapter99_heading"]}),
        ("Rate", {"fields": ["form", ("ad_valorem_rate", "specific_rate", "specific_unit")]}),
        (
            "Tariff-rate quota",
            {
                "classes": ["collapse"],
                "fields": [
                    ("in_quota_form", "in_quota_rate"),
                    ("out_of_quota_form", "out_of_quota_rate"),
                    ("quota_volume", "quota_unit", "quota_period", "quota_filled_on"),
                ],
            },
        ),
        (None, {"fields": ["note", "sources"]}),
    ]


class PartnerExceptionInline(admin.TabularInline):
    model = PartnerException
    extra = 0
    autocomplete_fields = ["economy"]


class RelationInline(admin.TabularInline):
    model = MeasureRelation
    fk_name = "measure"
    extra = 0
    autocomplete_fields = ["other", "sources"]


class MeasureForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        try:
            Measure.check_targets(cleaned.get("applies_to_all_economies"), cleaned.get("targets"))
        except ValidationError as exc:
            self.add_error(None, exc)
        return cleaned


@admin.register(Measure)
class MeasureAdmin(MeasurePreviewMixin, DomainAdminMixin, BulkImportAdminMixin, SimpleHistoryAdmin):
    restorable = True
    resource_classes = [MeasureResource]
    form = MeasureForm
    list_display = [
        "title",
        "issuer",
        "legal_basis",
        "applies_to_all_economies",
        "precedence",
    ]
    list_filter = ["legal_basis", "issuer", "applies_to_all_economies"]
    list_select_related = ["issuer"]
    search_fields = ["title", "legal_citation", "description"]
    autocomplete_fields = ["issuer", "targets", "sources"]
    inlines = [ScopeLineInline, PartnerExceptionInline, RelationInline, MeasureChangeInline]


@admin.register(MeasureChange)
class MeasureChangeAdmin(DomainAdminMixin, SimpleHistoryAdmin):
    list_display = ["measure", "effective_on", "status", "ad_valorem_rate"]
    list_filter = ["status", "measure__legal_basis"]
    list_select_related = ["measure"]
    search_fields = ["measure__title", "note"]
    date_hierarchy = "effective_on"
    autocomplete_fields = ["measure", "sources"]


@admin.register(PendingUpdate)
class PendingUpdateAdmin(DomainAdminMixin, SimpleHistoryAdmin):
    """Federal Register documents to review: link each to its measure, or dismiss it."""

    DOCUMENT_FIELDS = [
        "document_number",
        "title",
        "document_type",
        "publication_date",
        "url",
        "abstract",
    ]
    REVIEW_FIELDS = ["reviewed_by", "reviewed_at", "fetched_at"]

    list_display = ["publication_date", "short_title", "document_type", "status", "measure"]
    list_filter = ["status", "document_type"]
    list_select_related = ["measure"]
    search_fields = ["document_number", "title", "abstract"]
    date_hierarchy = "publication_date"
    autocomplete_fields = ["measure"]
    fields = [*DOCUMENT_FIELDS, "status", "measure", *REVIEW_FIELDS]
    actions = ["dismiss"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="title")
    def short_title(self, update):
        return Truncator(update.title).chars(100)

    def get_readonly_fields(self, request, obj=None):
        # A fetched document is the Federal Register's text; only the review is the editor's.
        return [*self.DOCUMENT_FIELDS, *self.REVIEW_FIELDS] if obj else self.REVIEW_FIELDS

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        if not change:
            obj.fetched_at = now  # entered by hand
        if {"status", "measure"} & set(form.changed_data):
            obj.reviewed_by = request.user
            obj.reviewed_at = now
        super().save_model(request, obj, form, change)

    @admin.action(description="Dismiss the selected documents", permissions=["change"])
    def dismiss(self, request, queryset):
        now = timezone.now()
        updates = list(queryset)
        for update in updates:
            update.status = PendingUpdate.Status.DISMISSED
            update.measure = None
            update.reviewed_by = request.user
            update.reviewed_at = now
            update.save()
        self.message_user(request, f"Dismissed {len(updates)} document(s).", messages.SUCCESS)


class ReadOnlyAdmin(DomainAdminMixin, admin.ModelAdmin):
    """Imported by `import_schedule`, read here: the schedule is the publisher's text."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ScheduleRevision)
class ScheduleRevisionAdmin(ReadOnlyAdmin):
    list_display = ["name", "importer", "effective_from", "line_count", "heading_count", "source"]
    list_filter = ["importer"]


@admin.register(NationalLine)
class NationalLineAdmin(ReadOnlyAdmin):
    list_display = ["code", "revision", "description", "general", "rate_line"]
    list_filter = ["revision"]
    list_select_related = ["revision"]
    search_fields = ["code", "description"]
    show_full_result_count = False


@admin.register(Chapter99Heading)
class Chapter99HeadingAdmin(ReadOnlyAdmin):
    list_display = ["number", "revision", "general", "description"]
    list_filter = ["revision"]
    list_select_related = ["revision"]
    search_fields = ["number", "description"]
