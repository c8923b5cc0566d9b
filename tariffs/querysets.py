"""The querysets the API and the pages share, with what their views read already joined."""

from django.db.models import Prefetch

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
    """What the measures page's table shows of each measure: its issuer, its targets and its
    history, each read as a plain list (`target_list`, `prefetched_changes`): a related
    manager and a queryset per measure cost the page more than reading the rows."""
    return Measure.objects.select_related("issuer").prefetch_related(
        Prefetch("targets", to_attr="target_list"),
        Prefetch("changes", to_attr="prefetched_changes"),
    )


def measures_for_coverage():
    """What coverage reads of each measure: targets, scope, history, exceptions, relations."""
    return Measure.objects.select_related("issuer").prefetch_related(
        "targets", "scope_lines", "changes", "partner_exceptions", "relations"
    )
