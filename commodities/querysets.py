"""The querysets the API and the pages share, with what their views read already joined."""

from django.db.models import Prefetch

from .models import Commodity, Concession, ConcessionStatusChange, TradeFlow


def commodities():
    return Commodity.objects.prefetch_related("children")


def concessions():
    return Concession.objects.select_related(
        "negotiation", "round", "giver", "receiver", "commodity"
    ).prefetch_related(
        "sources",
        Prefetch(
            "status_changes",
            ConcessionStatusChange.objects.select_related("round").prefetch_related("sources"),
        ),
    )


def concession_summaries():
    """What a list shows of each concession: its negotiation and the two economies."""
    return Concession.objects.select_related("negotiation", "giver", "receiver")


def trade_flows():
    return TradeFlow.objects.select_related("reporter", "partner").order_by("-id")
