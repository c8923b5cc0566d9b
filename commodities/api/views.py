from django.db.models import Prefetch

from config.api.pagination import TradeFlowCursor
from config.api.viewsets import ReadWriteViewSet

from ..filtersets import CommodityFilterSet, ConcessionFilterSet, TradeFlowFilterSet
from ..models import Commodity, Concession, ConcessionStatusChange, TradeFlow
from . import serializers


class CommodityViewSet(ReadWriteViewSet):
    queryset = Commodity.objects.prefetch_related("children")
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{2,10}"
    serializer_class = serializers.CommoditySerializer
    brief_serializer_class = serializers.CommodityBriefSerializer
    filterset_class = CommodityFilterSet
    ordering_fields = ["code"]


class ConcessionViewSet(ReadWriteViewSet):
    queryset = Concession.objects.select_related(
        "negotiation", "giver", "receiver"
    ).prefetch_related(
        "sources",
        Prefetch("status_changes", ConcessionStatusChange.objects.prefetch_related("sources")),
    )
    serializer_class = serializers.ConcessionSerializer
    brief_serializer_class = serializers.ConcessionBriefSerializer
    filterset_class = ConcessionFilterSet
    ordering_fields = ["title", "status", "kind", "id"]


class TradeFlowViewSet(ReadWriteViewSet):
    queryset = TradeFlow.objects.select_related("reporter", "partner").order_by("-id")
    serializer_class = serializers.TradeFlowSerializer
    filterset_class = TradeFlowFilterSet
    pagination_class = TradeFlowCursor
    ordering_fields = ["year", "value_usd", "id"]
