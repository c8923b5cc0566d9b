"""The forms of a round's admin page: the round with the sources picked once for the page, and
its rows (encounters, statements, concessions with their step at the round, steps of earlier
concessions, agreements), each able to cite the page's sources.

Autocomplete widgets here show the options already selected from the rows the inline read
(`select_related` / `prefetch_related`), so that the page asks the database the same number of
times whatever the number of rows.
"""

import copy

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import (
    AdminDateWidget,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.forms.models import BaseInlineFormSet

from core.models import Source

from ..models import Concession, Round
from ..models.agreements import party_errors
from ..steps import build_step, record_step, step_errors

CITE_LABEL = "Cite the page's sources"
PAGE_SOURCES_HELP = (
    "Sources picked once for this page: they are added to every row below whose "
    f"“{CITE_LABEL}” box is ticked (and to the step it records)."
)


class KnownOptions:
    """An autocomplete widget that takes its selected options from `known` ({pk text: row})
    when it has them all, instead of asking the database for them."""

    known = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.known is None or not selected <= self.known.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        label = self.choices.field.label_from_instance
        for key in sorted(selected):
            row = self.known[key]
            options.append(self.create_option(name, row.pk, label(row), True, len(options)))
        return [(None, options, 0)]


class KnownAutocompleteSelect(KnownOptions, AutocompleteSelect):
    pass


class KnownAutocompleteSelectMultiple(KnownOptions, AutocompleteSelectMultiple):
    pass


def selected_rows(instance, name):
    """The rows `instance` links to through field `name`, read from what is loaded already."""
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return list(getattr(instance, name).all()) if instance.pk else []
    if getattr(instance, field.attname) is None:
        return []
    return [getattr(instance, name)]


class RowForm(forms.ModelForm):
    """A row of the page, its autocomplete widgets fed from its instance, with a tick box to
    cite the page's sources when its model has sources."""

    cite_page_sources = forms.BooleanField(required=False, label=CITE_LABEL)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's wrapper
            if isinstance(widget, KnownOptions):
                widget.known = {str(row.pk): row for row in selected_rows(self.instance, name)}

    def page_round(self):
        """The round of the page (also a new one, not saved yet), from the inline's key."""
        return self.cleaned_data.get("round")

    def saved(self, page_sources):
        """After the formset saved its rows: cite the page's sources if the box is ticked."""
        if self.cleaned_data.get("cite_page_sources") and page_sources:
            self.instance.sources.add(*page_sources)


class DelegationForm(RowForm):
    """A delegation cites nothing: no tick box."""

    cite_page_sources = None


def place_errors(form, errors, fields):
    """Put a model's validation errors on the form's fields named by `fields` (model name ->
    form name); the others on the row as a whole."""
    for name, messages in errors.items():
        for message in messages:
            form.add_error(fields.get(name), message)


class ConcessionRowForm(RowForm):
    """A concession that came up at the round, with its status step at the round.

    The step fields start from the step the concession has at this round, if any. Changing them
    writes that step (`negotiations.steps.record_step`); emptying the status removes it."""

    step_status = forms.ChoiceField(
        choices=[("", "— no step at this round —"), *Concession.Status.choices],
        required=False,
        label="Status in this round",
    )
    step_date = forms.DateField(
        required=False,
        widget=AdminDateWidget,
        label="Step date",
        help_text="Default: the round's last day.",
    )
    step_note = forms.CharField(
        required=False, label="Step note", widget=forms.Textarea(attrs={"rows": 2, "cols": 60})
    )
    STEP_FIELDS = {"status": "step_status", "changed_on": "step_date", "note": "step_note"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.round_step = round_step(self.instance)
        if self.round_step is not None:
            self.initial.setdefault("step_status", self.round_step.status)
            self.initial.setdefault("step_date", self.round_step.changed_on)
            self.initial.setdefault("step_note", self.round_step.note)

    def step_changed(self):
        return bool(set(self.STEP_FIELDS.values()) & set(self.changed_data))

    def clean(self):
        data = super().clean()
        if self.step_changed() and data.get("step_status"):
            step = build_step(
                self.instance,
                data["step_status"],
                self.page_round(),
                data.get("step_date"),
                data.get("step_note"),
                step=self.round_step,
            )
            place_errors(self, step_errors(step), self.STEP_FIELDS)
        return data

    def saved(self, page_sources):
        super().saved(page_sources)
        data = self.cleaned_data
        cited = page_sources if data.get("cite_page_sources") else ()
        if self.step_changed() and data.get("step_status"):
            self.round_step = record_step(
                self.instance,
                data["step_status"],
                self.instance.round,
                data.get("step_date"),
                data.get("step_note"),
                sources=cited,
                step=self.round_step,
            )
        elif self.step_changed() and self.round_step is not None:
            self.round_step.delete()
        elif cited and self.round_step is not None:
            self.round_step.sources.add(*cited)


def round_step(concession):
    """The latest step of `concession` at the round it came up in (its steps prefetched)."""
    if concession.pk is None or concession.round_id is None:
        return None
    steps = [s for s in concession.status_changes.all() if s.round_id == concession.round_id]
    return max(steps, key=lambda step: (step.changed_on, step.pk), default=None)


class StepRowForm(RowForm):
    """A step, at the round, of a concession that came up at an earlier round."""

    STEP_FIELDS = {"concession": "concession", "status": "status", "changed_on": "changed_on"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["changed_on"].required = False
        self.fields["changed_on"].help_text = "Default: the round's last day."

    def clean(self):
        data = super().clean()
        if data.get("concession") and data.get("status"):
            step = build_step(
                data["concession"],
                data["status"],
                self.page_round(),
                data.get("changed_on"),
                data.get("note"),
                step=copy.copy(self.instance),  # the form sets the instance itself
            )
            data["changed_on"] = step.changed_on
            errors = step_errors(step)
            # The round is the page's: a round of another negotiation is the concession's fault.
            errors["concession"] = errors.pop("round", []) + errors.get("concession", [])
            place_errors(self, {k: v for k, v in errors.items() if v}, self.STEP_FIELDS)
        return data


class StepFormSet(BaseInlineFormSet):
    """Steps are written by `record_step`, as every step is."""

    def save_new(self, form, commit=True):
        setattr(form.instance, self.fk.name, self.instance)
        return self.write(form)

    def save_existing(self, form, obj, commit=True):
        return self.write(form)

    def write(self, form):
        step = form.save(commit=False)
        record_step(step.concession, step.status, step.round, step.changed_on, step.note, step=step)
        form.save_m2m()
        return step


class AgreementRowForm(RowForm):
    """An agreement announced at the round; its parties must be parties of the negotiation."""

    def clean(self):
        data = super().clean()
        round_, parties = self.page_round(), data.get("parties")
        if round_ is not None and round_.negotiation_id and parties is not None:
            allowed = round_.negotiation.parties.all()
            message = party_errors(parties, allowed, "the negotiation")
            if message:
                self.add_error("parties", message)
        return data


class RoundAdminForm(forms.ModelForm):
    """The admin gives the model and the fields (`ModelAdmin.get_form`)."""

    page_sources = forms.ModelMultipleChoiceField(
        Source.objects.all(),
        required=False,
        label="Sources for this page",
        help_text=PAGE_SOURCES_HELP,
        widget=AutocompleteSelectMultiple(Round._meta.get_field("sources"), admin.site),
    )
