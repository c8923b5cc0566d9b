"""The querysets the API and the pages share, with what their views read already joined."""

from core.models import Economy
from core.querysets import coded_rows

from .models import Commodity, TradeFlow


def commodities():
    return Commodity.objects.prefetch_related("children")


def trade_flows():
    return TradeFlow.objects.select_related("reporter", "partner").order_by("-id")


# The economies' codes a trade-flow row shows, from the economies kept for the data's
# version (`core.querysets.add_codes`): no join in the rows' query.
ROW_CODES = {
    "reporter__iso3": ("reporter_id", Economy, "iso3"),
    "partner__iso3": ("partner_id", Economy, "iso3"),
}


def trade_flow_rows(*keys):
    """What a list shows of each trade flow, as `values()` rows of the columns `keys`, the
    newest first; the reporter's and the partner's codes (`ROW_CODES`) are the kept
    economies'. Filters and ordering apply as to the model's queryset."""
    return coded_rows(TradeFlow.objects.order_by("-id"), keys, ROW_CODES)
