"""The querysets the API and the pages share, with what their views read already joined."""

from itertools import islice

from django.db.models import Prefetch
from django.db.models.query import ValuesIterable

from core.models import Economy

from .models import Measure, MeasureChange, MeasureRelation, ScopeLine
from .state import FOLDED_FIELDS


def measures():
    return Measure.objects.select_related("issuer").prefetch_related(
        "targets__members",
        "sources",
        "scope_lines__commodity",
        "partner_exceptions__economy",
        Prefetch("changes", MeasureChange.objects.prefetch_related("sources")),
        Prefetch(
            "relations", MeasureRelation.objects.select_related("other").prefetch_related("sources")
        ),
        Prefetch("related_from", MeasureRelation.objects.select_related("measure")),
    )


def measure_changes():
    """A measure's dated changes, as its detail reads them."""
    return MeasureChange.objects.prefetch_related("sources")


def scope_lines():
    """A measure's scope lines, as its detail reads them."""
    return ScopeLine.objects.select_related("commodity")


def measure_summaries():
    """What a list shows of each measure: issuer, targets and the history its state comes from."""
    return Measure.objects.select_related("issuer").prefetch_related(
        "targets", Prefetch("changes", to_attr="prefetched_changes")
    )


def measure_summary_rows(*keys):
    """`measure_summaries` as plain rows: the columns `keys` of `values()`, each row with its
    targets' ISO codes under `targets` and its history under `changes` (rows of the fields the
    state fold reads), both read in one query each for all the rows, as `prefetch_related`
    reads them for instances (for each chunk of `iterator()`). Filters and ordering apply as
    to the model's queryset."""
    queryset = Measure.objects.values(*dict.fromkeys(("id", *keys)))
    queryset._iterable_class = MeasureSummaryRows
    return queryset


class MeasureSummaryRows(ValuesIterable):
    """`values()` rows with their targets and history (see `measure_summary_rows`)."""

    def __iter__(self):
        rows = super().__iter__()
        size = self.chunk_size if self.chunked_fetch else None
        while batch := list(islice(rows, size)):
            add_targets_and_history(batch)
            yield from batch


def add_targets_and_history(rows):
    targets = {row["id"]: [] for row in rows}
    changes = {measure_id: [] for measure_id in targets}
    through = Measure.targets.through.objects.filter(measure_id__in=list(targets))
    # In the economies' own order, as the targets of an instance are read.
    order = [f"economy__{name}" for name in Economy._meta.ordering]
    for measure_id, code in through.order_by(*order).values_list("measure_id", "economy__iso3"):
        targets[measure_id].append(code)
    history = MeasureChange.objects.filter(measure_id__in=list(changes)).order_by()
    for change in history.values_list("measure_id", *FOLDED_FIELDS, named=True):
        changes[change.measure_id].append(change)
    for row in rows:
        row["targets"], row["changes"] = targets[row["id"]], changes[row["id"]]


def measures_for_coverage():
    """What coverage reads of each measure: targets, scope, history, exceptions, relations."""
    return Measure.objects.select_related("issuer").prefetch_related(
        "targets", "scope_lines", "changes", "partner_exceptions", "relations"
    )
