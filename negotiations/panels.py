"""What the negotiations add to other apps' pages, and where their record stops."""

from django.db.models import Count, Max, Q

from commodities import hs
from commodities.panels import commodity_panel
from core.recorded import record_stop

from . import querysets
from .models import Negotiation


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


@record_stop
def negotiations_stop(economies):
    """The day the record of the economies' negotiations stops: the latest `recorded_through`
    of them, when each has one; None when one runs to today or there is none."""
    found = Negotiation.objects.filter(parties__in=economies).aggregate(
        running=Count("pk", filter=Q(recorded_through__isnull=True)),
        last=Max("recorded_through"),
    )
    return None if found["running"] or found["last"] is None else found["last"]
