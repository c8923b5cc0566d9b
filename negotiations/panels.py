"""What the negotiations add to other apps' pages."""

from django.db.models import Q

from commodities import hs
from commodities.panels import commodity_panel

from . import querysets


@commodity_panel(order=20)
def commodity_concessions(commodity):
    """Concessions and requests on the code, on a code above it, or below it."""
    code = commodity.code
    concessions = (
        querysets.concessions()
        .filter(Q(commodity_id__in=hs.prefixes(code)) | Q(commodity__code__startswith=code))
        .order_by("negotiation__title", "title")
    )
    return "negotiations/panels/commodity_concessions.html", {"concessions": concessions}
