"""What the tariffs add to other apps' pages."""

from django.db.models import Q

from commodities.panels import commodity_panel

from . import querysets


@commodity_panel(order=10)
def commodity_measures(commodity):
    """Measures whose scope takes in the code, or reaches below it."""
    code = commodity.code
    touching = Q(scope_lines__commodity__code__startswith=code) | Q(
        pk__in=querysets.measures().covering(code).values("pk")
    )
    measures = querysets.measures().filter(touching).distinct().order_by("title")
    return "tariffs/panels/commodity_measures.html", {"measures": measures}
