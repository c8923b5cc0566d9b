"""The querysets the API and the pages share, with what their views read already joined."""

from .models import Commodity, TradeFlow


def commodities():
    return Commodity.objects.prefetch_related("children")


def trade_flows():
    return TradeFlow.objects.select_related("reporter", "partner").order_by("-id")
