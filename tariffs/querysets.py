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


# The issuer's code, which a list reads of its economy: looked up for the rows read, not
# joined (the join would be made for every row that the count and a page's offset pass over).
ISSUER_CODE = "issuer__iso3"


def measure_summary_rows(*keys):
    """`measure_summaries` as plain rows: the columns `keys` of `values()`, each row with its
    targets' ISO codes under `targets` and its history under `changes` (rows of the fields the
    state fold reads), both read in one query each for all the rows, as `prefetch_related`
    reads them for instances (for each chunk of `iterator()`); `issuer__iso3` is read so too.
    Filters and ordering apply as to the model's queryset."""
    columns = ("issuer_id" if key == ISSUER_CODE else key for key in keys)
    queryset = Measure.objects.values(*dict.fromkeys(("id", *columns)))
    queryset._iterable_class = MeasureSummaryRows
    return queryset


class MeasureSummaryRows(ValuesIterable):
    """`values()` rows with their targets, history and issuer's code (see
    `measure_summary_rows`)."""

    def __iter__(self):
        rows = super().__iter__()
        size = self.chunk_size if self.chunked_fetch else None
        while batch := list(islice(rows, size)):
            add_related(batch)
            yield from batch


def add_related(rows):
    """Each row's targets, history and (if it has its issuer's id) issuer's code."""
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
    issuers = {row["issuer_id"] for row in rows if "issuer_id" in row}
    codes = {}
    if issuers:
        codes = dict(Economy.objects.filter(pk__in=issuers).values_list("pk", "iso3"))
    for row in rows:
        row["targets"], row["changes"] = targets[row["id"]], changes[row["id"]]
        if issuers:
            row[ISSUER_CODE] = codes[row["issuer_id"]]


def measures_for_coverage():
    """What coverage reads of each measure: targets, scope, history, exceptions, relations."""
    return Measure.objects.select_related("issuer").prefetch_related(
        "targets", "scope_lines", "changes", "partner_exceptions", "relations"
    )
