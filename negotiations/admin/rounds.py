"""A round's page in the admin: the round and what came of it, entered in one place.

Its delegations, encounters, statements, the concessions that came up at it (each with its
current status and the step it took at this round), the steps that earlier concessions took at
it, the agreements announced at it and its sources. Sources picked once for the page ("Sources
for this page") are added to the rows whose "Cite the page's sources" box is ticked. The admin
saves the page in one transaction (`ModelAdmin.changeform_view`).

Each inline reads its rows with what they show (`select_related` / `prefetch_related`) and the
autocomplete widgets take their options from those rows (`round_forms.KnownOptions`): the page
asks the database as many times for 50 concessions as for one. The inlines start collapsed; a
concession or an agreement shows a one-line summary, its details folded under it.
"""

from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db import models
from django.db.models import F
from django.forms import Textarea
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from core.domain_admin import DomainAdminMixin

from ..models import (
    Agreement,
    Concession,
    ConcessionStatusChange,
    Delegation,
    Encounter,
    Round,
    Statement,
)
from .round_forms import (
    AgreementRowForm,
    ConcessionRowForm,
    DelegationForm,
    KnownAutocompleteSelect,
    KnownAutocompleteSelectMultiple,
    RoundAdminForm,
    RowForm,
    StepFormSet,
    StepRowForm,
    round_step,
)

SHORT_TEXT = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 50})}}


def named_formset(prefix, base=BaseInlineFormSet):
    """An inline formset posted under `prefix` (two inlines of one model need two names)."""
    return type(
        f"{prefix.title()}FormSet", (base,), {"get_default_prefix": classmethod(lambda cls: prefix)}
    )


class RoundRowInline:
    """What the round's inlines share: collapsed, short text boxes, autocomplete widgets that
    show the selected options from the rows read (see `round_forms.KnownOptions`)."""

    extra = 0
    classes = ["collapse"]
    form = RowForm
    formfield_overrides = SHORT_TEXT
    select_related = ()
    prefetch_related = ()

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("round", *self.select_related)
        return rows.prefetch_related(*self.prefetch_related)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        wrapper = getattr(formfield, "widget", None)
        if isinstance(wrapper, RelatedFieldWidgetWrapper):
            # Adding a person or a source from a row helps; the other links only weigh the page.
            wrapper.can_change_related = wrapper.can_delete_related = False
            wrapper.can_view_related = False
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                KnownAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                KnownAutocompleteSelectMultiple(
                    db_field, self.admin_site, using=kwargs.get("using")
                ),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class DelegationInline(RoundRowInline, admin.TabularInline):
    model = Delegation
    form = DelegationForm
    autocomplete_fields = ["economy", "head", "members"]
    select_related = ("economy", "head")
    prefetch_related = ("members",)


# Rows wider than a laptop's screen are stacked: a few fields a line.


class EncounterInline(RoundRowInline, admin.StackedInline):
    model = Encounter
    fields = [("date", "participants"), "description", ("sources", "cite_page_sources")]
    autocomplete_fields = ["participants", "sources"]
    prefetch_related = ("participants", "sources")


class StatementInline(RoundRowInline, admin.StackedInline):
    model = Statement
    fields = [("speaker", "said_on"), "quote", "context", ("sources", "cite_page_sources")]
    autocomplete_fields = ["speaker", "sources"]
    select_related = ("speaker",)
    prefetch_related = ("sources",)


def step_text(step):
    return f"{step.get_status_display()} on {step.changed_on:%-d %B %Y}" if step else "no step"


STEP_FIELDS = [("step_status", "step_date"), "step_note", "cite_page_sources"]


class ConcessionInline(RoundRowInline, admin.StackedInline):
    """Concessions that came up at this round: a summary and the step at this round each; the
    rest of a concession is changed on its own page (the "Change" link)."""

    model = Concession
    form = ConcessionRowForm
    formset = named_formset("round_concessions")
    verbose_name_plural = "concessions that came up at this round"
    show_change_link = True
    fields = ["summary", *STEP_FIELDS]
    readonly_fields = ["summary"]
    select_related = ("giver", "receiver")
    prefetch_related = ("status_changes",)

    def has_add_permission(self, request, obj=None):
        return False  # new ones are entered below, in `NewConcessionInline`

    @admin.display(description="Summary")
    def summary(self, concession):
        product = concession.commodity_id or "no product"
        return (
            f"{concession.giver.iso3} → {concession.receiver.iso3} · {product} · "
            f"now {concession.get_status_display()} · at this round: "
            f"{step_text(round_step(concession))}"
        )


class NewConcessionInline(RoundRowInline, admin.StackedInline):
    """Concessions raised at this round, entered here with their first step; their
    negotiation is the round's."""

    model = Concession
    form = ConcessionRowForm
    verbose_name = "new concession"
    verbose_name_plural = "new concessions raised at this round"
    classes = []
    autocomplete_fields = ["giver", "receiver", "commodity", "sources"]
    fields = [
        ("giver", "receiver"),
        ("kind", "commodity"),
        "title",
        "description",
        ("amount", "amount_unit"),
        "sources",
        *STEP_FIELDS,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).none()  # saved ones are listed above


class StepInline(RoundRowInline, admin.StackedInline):
    """Steps taken at this round by concessions that came up at an earlier one."""

    model = ConcessionStatusChange
    form = StepRowForm
    formset = StepFormSet
    verbose_name = "step of an earlier concession"
    verbose_name_plural = "steps of earlier concessions at this round"
    fields = [
        ("concession", "now"),
        ("status", "changed_on"),
        "note",
        ("sources", "cite_page_sources"),
    ]
    readonly_fields = ["now"]
    autocomplete_fields = ["concession", "sources"]
    select_related = ("concession",)
    prefetch_related = ("sources",)

    def get_queryset(self, request):
        # A step of a concession that came up here is entered with the concession.
        return super().get_queryset(request).exclude(concession__round=F("round"))

    @admin.display(description="Status now")
    def now(self, step):
        return step.concession.get_status_display() if step.concession_id else "—"


class AgreementInline(RoundRowInline, admin.StackedInline):
    """Agreements announced at this round: a joint statement, an executive order...; their
    commitments are entered on the agreement's own page (the "Change" link)."""

    model = Agreement
    form = AgreementRowForm
    verbose_name_plural = "agreements announced at this round"
    show_change_link = True
    autocomplete_fields = ["parties", "sources"]
    readonly_fields = ["summary_line"]
    prefetch_related = ("parties", "sources")
    fieldsets = [
        (None, {"fields": ["summary_line", "cite_page_sources"]}),
        (
            "Details",
            {
                "classes": ["collapse"],
                "fields": [
                    ("kind", "title"),
                    ("announced_on", "signed_on", "in_force_on"),
                    "parties",
                    "summary",
                    "sources",
                ],
            },
        ),
    ]

    @admin.display(description="Summary")
    def summary_line(self, agreement):
        if agreement.pk is None:
            return "New: open Details to enter it."
        parties = ", ".join(sorted(economy.iso3 for economy in agreement.parties.all()))
        return f"{agreement.get_kind_display()} · announced {agreement.announced_on} · {parties}"


class RoundSourceInline(admin.TabularInline):
    model = Round.sources.through
    extra = 0
    classes = ["collapse"]
    autocomplete_fields = ["source"]
    verbose_name = "source"
    verbose_name_plural = "sources of the round"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "round")


@admin.register(Round)
class RoundAdmin(DomainAdminMixin, SimpleHistoryAdmin):
    form = RoundAdminForm
    list_display = ["title", "negotiation", "sequence", "status", "start_date", "end_date", "city"]
    list_filter = ["status", "format", "negotiation", "country"]
    list_select_related = ["negotiation"]
    search_fields = ["title", "city", "summary", "outcome", "next_steps"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["negotiation", "country"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "negotiation",
                    ("sequence", "status", "format"),
                    "title",
                    ("start_date", "end_date"),
                    ("city", "country"),
                ]
            },
        ),
        ("Summary and outcome", {"fields": ["summary", "outcome", "next_steps"]}),
        ("Sources for this page", {"fields": ["page_sources"]}),
    ]
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 80})}}
    inlines = [
        DelegationInline,
        EncounterInline,
        StatementInline,
        ConcessionInline,
        NewConcessionInline,
        StepInline,
        AgreementInline,
        RoundSourceInline,
    ]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        page_sources = form.cleaned_data.get("page_sources") or []
        for row in formset.forms:
            if not hasattr(row, "saved") or formset._should_delete_form(row):
                continue
            if row.instance.pk is not None and row.has_changed():
                row.saved(page_sources)
