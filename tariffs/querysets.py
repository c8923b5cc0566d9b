"""The querysets the API and the pages share, with what their views read already joined."""

from django.db.models import Prefetch

from .models import Measure, MeasureChange


def measures():
    return Measure.objects.select_related("issuer").prefetch_related(
        "targets__members",
        "sources",
        "scope_lines__commodity",
        Prefetch("changes", MeasureChange.objects.prefetch_related("sources")),
    )


def measure_summaries():
    """What a list shows of each measure: issuer, targets and the history its state comes from."""
    return Measure.objects.select_related("issuer").prefetch_related("targets", "changes")


def measures_for_coverage():
    """What coverage reads of each measure: targets (and their unions), scope and history."""
    return Measure.objects.select_related("issuer").prefetch_related(
        "targets__members", "scope_lines", "changes"
    )
