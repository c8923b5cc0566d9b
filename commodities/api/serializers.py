from rest_framework import serializers

from config.api.serializers import EconomyCodeField, NestedWriteSerializer, SourcedSerializer
from negotiations.models import Negotiation

from .. import hs
from ..models import Commodity, Concession, ConcessionStatusChange, TradeFlow


class CommodityBriefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:commodity-detail", lookup_field="code"
    )

    class Meta:
        model = Commodity
        fields = ["url", "code", "description", "level", "parent", "section"]


class CommodityRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commodity
        fields = ["code", "description", "level"]


class CommoditySerializer(CommodityBriefSerializer):
    children = CommodityRefSerializer(many=True, read_only=True)

    class Meta(CommodityBriefSerializer.Meta):
        fields = [*CommodityBriefSerializer.Meta.fields, "children"]

    def validate(self, attrs):
        code = attrs.get("code", getattr(self.instance, "code", ""))
        if self.instance and code != self.instance.code:
            raise serializers.ValidationError({"code": "An HS code cannot be renamed."})
        parent = attrs.get("parent", getattr(self.instance, "parent", None))
        expected = hs.parent_code(code)
        if (parent.code if parent else None) != expected:
            raise serializers.ValidationError(
                {"parent": f"The parent of {code} is {expected or 'none (it is a chapter)'}."}
            )
        return attrs


class ConcessionStatusChangeSerializer(SourcedSerializer):
    class Meta:
        model = ConcessionStatusChange
        fields = ["changed_on", "status", "round", "note", "sources", "source_ids"]


class ConcessionBriefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:concession-detail")
    negotiation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Negotiation.objects.all()
    )
    giver = EconomyCodeField()
    receiver = EconomyCodeField()
    commodity = serializers.PrimaryKeyRelatedField(
        queryset=Commodity.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Concession
        fields = [
            "url",
            "id",
            "negotiation",
            "round",
            "giver",
            "receiver",
            "commodity",
            "kind",
            "title",
            "amount",
            "amount_unit",
            "status",
        ]
        read_only_fields = ["status"]


class ConcessionSerializer(NestedWriteSerializer, SourcedSerializer, ConcessionBriefSerializer):
    status_history = ConcessionStatusChangeSerializer(
        source="status_changes", many=True, required=False
    )
    nested_children = {"status_changes": ("status_changes", ConcessionStatusChangeSerializer)}

    class Meta(ConcessionBriefSerializer.Meta):
        fields = [
            *ConcessionBriefSerializer.Meta.fields,
            "description",
            "status_history",
            "sources",
            "source_ids",
        ]

    def validate(self, attrs):
        giver = attrs.get("giver", getattr(self.instance, "giver", None))
        receiver = attrs.get("receiver", getattr(self.instance, "receiver", None))
        if giver and giver == receiver:
            raise serializers.ValidationError({"receiver": "Giver and receiver must differ."})
        negotiation = attrs.get("negotiation", getattr(self.instance, "negotiation", None))
        round_ = attrs.get("round", getattr(self.instance, "round", None))
        if round_ and negotiation and round_.negotiation_id != negotiation.pk:
            raise serializers.ValidationError(
                {"round": "This round belongs to another negotiation."}
            )
        steps = [(c["changed_on"], c["status"]) for c in attrs.get("status_changes", [])]
        if len(steps) != len(set(steps)):
            raise serializers.ValidationError(
                {"status_history": "Two changes share a date and a status."}
            )
        return attrs

    def write_children(self, instance, children, replace=False):
        super().write_children(instance, children, replace)
        instance.refresh_status()


class TradeFlowSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:tradeflow-detail")
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

    def validate(self, attrs):
        reporter = attrs.get("reporter", getattr(self.instance, "reporter", None))
        partner = attrs.get("partner", getattr(self.instance, "partner", None))
        if reporter and reporter == partner:
            raise serializers.ValidationError({"partner": "An economy does not trade with itself."})
        return attrs
