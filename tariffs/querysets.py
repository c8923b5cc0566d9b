"""The querysets the API and the pages share, with what their views read already joined."""

from django.db.models import Prefetch

from core.models import Economy

from .engine.rows import read_histories
from .models import Measure, MeasureChange, MeasureRelation, ScopeLine


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


def measure_table_rows():
    """What the measures page's table reads of each measure with it: its issuer. The rest
    (`read_lists`) once the page of rows is cut."""
    return Measure.objects.select_related("issuer")


def read_lists(measures):
    """Give each of `measures` its history as plain rows (`prefetched_changes`, which
    `Measure.state_on` folds) and the ISO codes of its targets (`target_codes_read`), in two
    queries however many: the ORM's instances, related managers and prefetch set-up cost a
    list page more than reading the rows."""
    measures = read_histories(list(measures))
    by_id = {measure.pk: measure for measure in measures}
    for measure in by_id.values():
        measure.target_codes_read = []
    # The economies' own order, as `measure.targets.all()` lists them.
    order = [
        f"-economy__{name[1:]}" if name.startswith("-") else f"economy__{name}"
        for name in Economy._meta.ordering
    ]
    targets = (
        Measure.targets.through.objects.filter(measure_id__in=list(by_id))
        .order_by(*order, "economy_id")
        .values_list("measure_id", "economy__iso3")
    )
    for measure_id, code in targets if by_id else ():
        by_id[measure_id].target_codes_read.append(code)
    return measures


def measures_for_coverage():
    """What coverage reads of each measure: targets, scope, history, exceptions, relations."""
    return Measure.objects.select_related("issuer").prefetch_related(
        "targets", "scope_lines", "changes", "partner_exceptions", "relations"
    )
