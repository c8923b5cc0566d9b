from rest_framework import serializers

from commodities.models import Commodity
from core.api.serializers import (
    EconomyCodeField,
    NestedWriteSerializer,
    SourcedSerializer,
    ValidatedModelSerializer,
)

from ..models import Measure, MeasureChange, ScopeLine


class ScopeLineSerializer(ValidatedModelSerializer):
    code = serializers.PrimaryKeyRelatedField(source="commodity", queryset=Commodity.objects.all())
    description = serializers.CharField(source="commodity.description", read_only=True)

    class Meta:
        model = ScopeLine
        fields = ["code", "description", "excluded"]


class MeasureChangeSerializer(SourcedSerializer):
    class Meta:
        model = MeasureChange
        fields = [
            "effective_on",
            "status",
            "ad_valorem_rate",
            "specific_rate",
            "in_quota_rate",
            "out_of_quota_rate",
            "quota_volume",
            "note",
            "sources",
            "source_ids",
        ]


class MeasureStateSerializer(serializers.Serializer):
    status = serializers.CharField()
    since = serializers.DateField()
    ad_valorem_rate = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    specific_rate = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    in_quota_rate = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    out_of_quota_rate = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    quota_volume = serializers.DecimalField(max_digits=18, decimal_places=3, allow_null=True)


class MeasureBriefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:measure-detail")
    issuer = EconomyCodeField()
    targets = EconomyCodeField(many=True, required=False)
    status = serializers.SerializerMethodField(help_text="Status on `on` (default today).")
    ad_valorem_rate = serializers.SerializerMethodField(
        help_text="Rate (%) on `on` (default today)."
    )

    class Meta:
        model = Measure
        fields = [
            "url",
            "id",
            "title",
            "issuer",
            "targets",
            "applies_to_all_economies",
            "legal_basis",
            "measure_type",
            "stacks",
            "status",
            "ad_valorem_rate",
        ]

    def current_state(self, measure):
        """The state on the request's `on` date (the viewset puts it in the context)."""
        return measure.state_on(self.context.get("on"))

    def get_status(self, measure) -> str | None:
        state = self.current_state(measure)
        return state.status if state else None

    def get_ad_valorem_rate(self, measure) -> str | None:
        state = self.current_state(measure)
        return str(state.ad_valorem_rate) if state and state.ad_valorem_rate is not None else None


class MeasureSerializer(NestedWriteSerializer, SourcedSerializer, MeasureBriefSerializer):
    scope = ScopeLineSerializer(source="scope_lines", many=True, required=False)
    history = MeasureChangeSerializer(source="changes", many=True, required=False)
    nested_children = {
        "scope_lines": ("scope_lines", ScopeLineSerializer),
        "changes": ("changes", MeasureChangeSerializer),
    }

    class Meta(MeasureBriefSerializer.Meta):
        fields = [
            *MeasureBriefSerializer.Meta.fields,
            "legal_citation",
            "description",
            "covers_all_products",
            "specific_unit",
            "quota_unit",
            "scope",
            "history",
            "sources",
            "source_ids",
        ]

    def validate(self, attrs):
        codes = [line["commodity"].code for line in attrs.get("scope_lines", [])]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError({"scope": "An HS code appears twice in the scope."})
        days = [(c["effective_on"], c["status"]) for c in attrs.get("changes", [])]
        if len(days) != len(set(days)):
            raise serializers.ValidationError({"history": "Two changes share a date and a status."})
        return super().validate(attrs)


class MeasureRefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:measure-detail")

    class Meta:
        model = Measure
        fields = ["url", "id", "title", "legal_basis", "legal_citation", "measure_type", "stacks"]


class MeasureOnProductSerializer(serializers.Serializer):
    measure = MeasureRefSerializer()
    state = MeasureStateSerializer()
    matched_scope_line = serializers.CharField(source="matched")
    reason = serializers.CharField()


class TariffLookupSerializer(serializers.Serializer):
    importer = serializers.CharField(source="importer.iso3")
    exporter = serializers.CharField(source="exporter.iso3")
    hs = serializers.CharField(source="code")
    date = serializers.DateField(source="on")
    combined_additional_rate = serializers.DecimalField(
        source="combined_ad_valorem_rate",
        max_digits=8,
        decimal_places=3,
        help_text="Stacking measures add up; of non-stacking ones only the highest applies.",
    )
    applied = MeasureOnProductSerializer(many=True)
    not_applied = MeasureOnProductSerializer(
        many=True, help_text="Measures covering the product that are announced, paused or revoked."
    )
    tariff_rate_quotas = MeasureOnProductSerializer(source="quotas", many=True)
    specific_duties = MeasureOnProductSerializer(many=True)


class CoverageQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1950, max_value=2100)
    date = serializers.DateField(required=False, help_text="Date of the rate; default today.")


class CoverageSerializer(serializers.Serializer):
    measure = MeasureRefSerializer()
    year = serializers.IntegerField()
    trade_value_usd = serializers.DecimalField(max_digits=20, decimal_places=2)
    flow_count = serializers.IntegerField()
    source = serializers.CharField(allow_null=True, help_text="Trade-data source counted.")
    fetched_at = serializers.DateTimeField(allow_null=True, help_text="Freshness of the flows.")
    last_refreshed = serializers.DateTimeField(
        allow_null=True, help_text="End of the latest successful refresh run of that source."
    )
    state = MeasureStateSerializer(allow_null=True)
    rate = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    implied_duty_usd = serializers.DecimalField(max_digits=22, decimal_places=2, allow_null=True)
