from core.api.pagination import TradeFlowCursor
from core.api.viewsets import ReadWriteViewSet

from .. import querysets
from ..filtersets import CommodityFilterSet, TradeFlowFilterSet
from . import serializers


class CommodityViewSet(ReadWriteViewSet):
    queryset = querysets.commodities()
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{2,10}"
    serializer_class = serializers.CommoditySerializer
    brief_serializer_class = serializers.CommodityBriefSerializer
    filterset_class = CommodityFilterSet
    ordering_fields = ["code"]


class TradeFlowViewSet(ReadWriteViewSet):
    queryset = querysets.trade_flows()
    list_queryset = querysets.trade_flow_rows(*serializers.TradeFlowBriefSerializer.row_keys())
    serializer_class = serializers.TradeFlowSerializer
    brief_serializer_class = serializers.TradeFlowBriefSerializer
    filterset_class = TradeFlowFilterSet
    pagination_class = TradeFlowCursor
    ordering_fields = ["year", "value_usd", "id"]
