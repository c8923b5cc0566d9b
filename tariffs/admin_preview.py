"""The measure's admin page says what the measure does and previews the duty on a sample
product, for the measure as edited, before it is saved.

"Preview" submits the whole change form. Its formsets then end with a `PreviewRun`, which the
admin validates after the others: when the measure and its inlines are valid, it saves them
inside a transaction through the admin's own save path, describes the measure
(`describe.describe_measure`) and asks the duty engine (`engine.lookup_duty`, the one home of
the computation) as the measure now stands, then rolls the transaction back, so nothing is
written (history, data version and queued refreshes included). It reports itself not valid,
so the admin shows the page again as edited, with the answer, instead of saving.
"""

import datetime as dt

from django.db import transaction

from .describe import describe_measure
from .engine import lookup_duty
from .forms import TariffLookupForm
from .state import APPLIED_STATUSES

PREVIEW = "_preview"


class PreviewForm(TariffLookupForm):
    """The sample: a product, a partner and a day; the importer is the measure's issuer."""

    importer = None
    known_on = None
    prefix = "preview"

    field_order = ["hs", "exporter", "date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exporter"].label = "Partner"
        self.fields["hs"].help_text = "6, 8 or 10 digits, e.g. 87032301."


def sample_of(measure):
    """The preview's defaults: the measure's first scope line, its first target, and today,
    or the last day it was collected from when it is not collected today."""
    if measure is None or measure.pk is None:
        return {"date": dt.date.today()}
    line = measure.scope_lines.filter(excluded=False).order_by("commodity_id").first()
    target = measure.targets.order_by("name").first()
    today = dt.date.today()
    state = measure.state_on(today)
    applied = measure.changes.filter(status__in=APPLIED_STATUSES).order_by("-effective_on")
    last = applied.values_list("effective_on", flat=True).first()
    on = today if last is None or (state is not None and state.is_applied) else last
    return {
        "hs": line.commodity_id if line else "",
        "exporter": target.iso3 if target else "",
        "date": on,
    }


class RolledBack(Exception):
    pass


class PreviewRun:
    """The last of the change form's formsets when a preview is asked for (see above)."""

    errors = ()

    def __init__(self, model_admin, request, form, formsets, change):
        self.model_admin, self.request = model_admin, request
        self.form, self.formsets, self.change = form, formsets, change
        self.query = PreviewForm(request.POST)
        self.words = self.answer = None

    def non_form_errors(self):
        return []

    def is_valid(self):
        # No form here: the measure's own fields were refused (their errors are shown).
        edits_valid = self.form is not None and all(f.is_valid() for f in self.formsets)
        if edits_valid and self.query.is_valid():
            with kept_in_memory(self.form, self.formsets):
                try:
                    with transaction.atomic():
                        self.run()
                        raise RolledBack
                except RolledBack:
                    pass
        return False

    def run(self):
        measure = self.form.instance
        self.model_admin.save_model(self.request, measure, self.form, self.change)
        self.model_admin.save_related(self.request, self.form, self.formsets, self.change)
        self.words = describe_measure(measure)
        sample = self.query.cleaned_data
        self.answer = lookup_duty(measure.issuer, sample["exporter"], sample["hs"], sample["date"])


class kept_in_memory:
    """Gives back the form's and formsets' objects the keys they had before a save that
    is rolled back, so that the page shows them as still unsaved."""

    def __init__(self, form, formsets):
        objects = [form.instance, *(f.instance for fs in formsets for f in fs.forms)]
        self.kept = [(obj, obj.pk, obj._state.adding) for obj in objects]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for obj, pk, adding in self.kept:
            obj.pk, obj._state.adding = pk, adding
        return False


class MeasurePreviewMixin:
    """For the measure's ModelAdmin: the words and the preview on its change page."""

    change_form_template = "admin/tariffs/measure/change_form.html"

    def _create_formsets(self, request, obj, change):
        formsets, inlines = super()._create_formsets(request, obj, change)
        if request.method == "POST" and PREVIEW in request.POST:
            request.measure_preview = PreviewRun(self, request, None, formsets, change)
            formsets = [*formsets, request.measure_preview]
        return formsets, inlines

    def save_form(self, request, form, change):
        # The form reaches the preview here, before the formsets are validated.
        if preview := getattr(request, "measure_preview", None):
            preview.form = form
        return super().save_form(request, form, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        preview = getattr(request, "measure_preview", None)
        if preview is not None:
            query = preview.query
            words = preview.words
        else:
            query = PreviewForm(initial=sample_of(obj))
            words = describe_measure(obj) if obj is not None else None
        context.update(
            measure_words=words,
            words_as_edited=preview is not None and words is not None,
            preview_form=query,
            preview_answer=preview.answer if preview else None,
            preview_name=PREVIEW,
        )
        return super().render_change_form(request, context, add, change, form_url, obj)
