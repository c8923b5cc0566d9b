"""The admin of agreements and their commitments.

An agreement's parties must be parties of its negotiation, and a commitment's giver a party of
its agreement. Many-to-many values reach the database only after the model is saved, so the
forms check them: the agreement's form, the commitments entered on its page (against the
parties given in the same form) and a commitment's own form.
"""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from core.domain_admin import DomainAdminMixin

from ..models import Agreement, Commitment, CommitmentStatusChange
from ..models.agreements import party_errors


class AgreementAdminForm(forms.ModelForm):
    """The admin gives the model and the fields (`ModelAdmin.get_form`)."""

    def clean(self):
        data = super().clean()
        negotiation, parties = data.get("negotiation"), data.get("parties")
        if negotiation is not None and parties is not None:
            message = party_errors(parties, negotiation.parties.all(), "the negotiation")
            if message:
                self.add_error("parties", message)
        if parties is not None:
            # Read by the commitments' formset, which is checked after this form.
            self.instance.pending_parties = list(parties)
        return data


class CommitmentFormSet(BaseInlineFormSet):
    """Each giver must be a party of the agreement, as the agreement's form now gives them."""

    def clean(self):
        super().clean()
        parties = getattr(self.instance, "pending_parties", None)
        if parties is None and self.instance.pk is None:
            return  # the agreement's form is invalid: its errors come first
        if parties is None:
            parties = list(self.instance.parties.all())
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            giver = form.cleaned_data.get("giver") if hasattr(form, "cleaned_data") else None
            message = giver and party_errors([giver], parties, "the agreement")
            if message:
                form.add_error("giver", message)


COMMITMENT_AUTOCOMPLETE = [
    "giver",
    "products",
    "measures",
    "trade_reporter",
    "trade_partner",
    "sources",
]


class CommitmentInline(admin.StackedInline):
    model = Commitment
    formset = CommitmentFormSet
    extra = 0
    classes = ["collapse"]
    autocomplete_fields = COMMITMENT_AUTOCOMPLETE
    show_change_link = True


@admin.register(Agreement)
class AgreementAdmin(DomainAdminMixin, SimpleHistoryAdmin):
    form = AgreementAdminForm
    list_display = ["title", "kind", "negotiation", "announced_on", "signed_on", "in_force_on"]
    list_filter = ["kind", "negotiation", "parties"]
    list_select_related = ["negotiation"]
    search_fields = ["title", "summary"]
    date_hierarchy = "announced_on"
    autocomplete_fields = ["negotiation", "round", "parties", "measures", "sources"]
    inlines = [CommitmentInline]


class CommitmentAdminForm(forms.ModelForm):
    """The admin gives the model and the fields (`ModelAdmin.get_form`)."""

    def clean(self):
        data = super().clean()
        agreement, giver = data.get("agreement"), data.get("giver")
        if agreement is not None and giver is not None:
            message = party_errors([giver], agreement.parties.all(), "the agreement")
            if message:
                self.add_error("giver", message)
        return data


class CommitmentStatusChangeInline(admin.TabularInline):
    model = CommitmentStatusChange
    extra = 0
    autocomplete_fields = ["sources"]


@admin.register(Commitment)
class CommitmentAdmin(DomainAdminMixin, SimpleHistoryAdmin):
    form = CommitmentAdminForm
    list_display = ["__str__", "agreement", "kind", "amount", "unit", "period"]
    list_filter = ["kind", "giver", "agreement__negotiation"]
    list_select_related = ["agreement", "giver"]
    search_fields = ["description", "unit", "period", "agreement__title"]
    autocomplete_fields = ["agreement", *COMMITMENT_AUTOCOMPLETE]
    inlines = [CommitmentStatusChangeInline]
