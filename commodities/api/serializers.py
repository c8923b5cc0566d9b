from rest_framework import serializers

from core.api.fields import DetailURLField
from core.api.serializers import EconomyCodeField, ValidatedModelSerializer

from ..models import Commodity, TradeFlow


class CommodityBriefSerializer(serializers.ModelSerializer):
    url = DetailURLField(view_name="api:commodity-detail", lookup_field="code")

    class Meta:
        model = Commodity
        fields = ["url", "code", "description", "level", "parent", "section"]


class CommodityRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commodity
        fields = ["code", "description", "level"]


class CommoditySerializer(ValidatedModelSerializer, CommodityBriefSerializer):
    children = CommodityRefSerializer(many=True, read_only=True)

    class Meta(CommodityBriefSerializer.Meta):
        fields = [*CommodityBriefSerializer.Meta.fields, "children"]


class TradeFlowSerializer(ValidatedModelSerializer):
    url = DetailURLField(view_name="api:tradeflow-detail")
    reporter = EconomyCodeField()
    partner = EconomyCodeField()
    commodity = serializers.PrimaryKeyRelatedField(queryset=Commodity.objects.all())

    class Meta:
        model = TradeFlow
        fields = [
            "url",
            "id",
            "source",
            "reporter",
            "partner",
            "commodity",
            "year",
            "month",
            "flow",
            "value_usd",
            "quantity",
            "quantity_unit",
            "fetched_at",
        ]
