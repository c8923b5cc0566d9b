"""What the tariffs add to other apps' pages."""

from datetime import date as Date

from django.db.models import Q

from commodities.panels import commodity_panel

from . import querysets
from .lines import national_lines


@commodity_panel(order=5)
def commodity_national_lines(commodity):
    """Each importer's national lines at or under the code in the schedule revision in
    effect today, and the duties covering the code that apply today.

    "Today" is the calendar date: the tariffs keep no site-wide date their records stop at.
    """
    today = Date.today()
    return "tariffs/panels/commodity_national_lines.html", {
        "code": commodity.code,
        "on": today,
        "schedules": national_lines(commodity.code, today),
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
