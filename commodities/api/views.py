from config.api.pagination import TradeFlowCursor
from config.api.viewsets import ReadWriteViewSet

from .. import querysets
from ..filtersets import CommodityFilterSet, ConcessionFilterSet, TradeFlowFilterSet
from . import serializers


class CommodityViewSet(ReadWriteViewSet):
    queryset = querysets.commodities()
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{2,10}"
    serializer_class = serializers.CommoditySerializer
    brief_serializer_class = serializers.CommodityBriefSerializer
    filterset_class = CommodityFilterSet
    ordering_fields = ["code"]


class ConcessionViewSet(ReadWriteViewSet):
    queryset = querysets.concessions()
    list_queryset = querysets.concession_summaries()
    serializer_class = serializers.ConcessionSerializer
    brief_serializer_class = serializers.ConcessionBriefSerializer
    filterset_class = ConcessionFilterSet
    ordering_fields = ["title", "status", "kind", "id"]


class TradeFlowViewSet(ReadWriteViewSet):
    queryset = querysets.trade_flows()
    serializer_class = serializers.TradeFlowSerializer
    filterset_class = TradeFlowFilterSet
    pagination_class = TradeFlowCursor
    ordering_fields = ["year", "value_usd", "id"]
