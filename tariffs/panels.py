"""What the tariffs add to other apps' pages."""

from datetime import date as Date

from django.db.models import Q

from commodities.panels import commodity_panel
from core.models import Economy
from core.recorded import as_of

from . import querysets
from .lines import national_lines


@commodity_panel(order=5)
def commodity_national_lines(commodity):
    """Each importer's national lines at or under the code in the schedule revision in
    effect today, and the duties covering the code that apply today: "today" as recorded
    through, when the record about the importers stops earlier (`core.recorded`)."""
    today = Date.today()
    importers = Economy.objects.filter(schedule_revisions__isnull=False).distinct()
    on = as_of(importers, today)
    return "tariffs/panels/commodity_national_lines.html", {
        "code": commodity.code,
        "on": on,
        "recorded_through": on != today,
        "schedules": national_lines(commodity.code, on),
    }


@commodity_panel(order=10)
def commodity_measures(commodity):
    """Measures whose scope takes in the code, or reaches below it."""
    code = commodity.code
    touching = Q(scope_lines__commodity__code__startswith=code) | Q(
        pk__in=querysets.measures().covering(code).values("pk")
    )
    measures = querysets.measures().filter(touching).distinct().order_by("title")
    return "tariffs/panels/commodity_measures.html", {"measures": measures}
