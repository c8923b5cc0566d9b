"""The duty lookup's answer as JSON: national lines, layers with their legal chain, the
measures that do not apply and why, and the total duty."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import SourceBriefSerializer

from .serializers import MeasureRefSerializer, MeasureStateSerializer

EXPRESSION_SCHEMA = {
    "type": "object",
    "nullable": True,
    "properties": {
        "text": {"type": "string", "example": "1.4¢/kg + 10%"},
        "kind": {"type": "string", "example": "compound"},
        "ad_valorem": {"type": "string", "format": "decimal", "nullable": True},
        "specific": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "amount": {"type": "string", "format": "decimal"},
                    "unit": {"type": "string"},
                },
            },
        },
    },
}


@extend_schema_field(EXPRESSION_SCHEMA)
class ExpressionField(serializers.Field):
    """A duty expression as {text, kind, ad_valorem, specific}; null when not computable."""

    def to_representation(self, expression):
        return {
            "text": str(expression),
            "kind": str(expression.kind),
            "ad_valorem": None if expression.ad_valorem is None else str(expression.ad_valorem),
            "specific": [
                {"amount": str(term.amount), "unit": term.unit} for term in expression.specific
            ],
        }


class LayerSerializer(serializers.Serializer):
    measure = MeasureRefSerializer()
    legal_basis = serializers.CharField(source="measure.get_legal_basis_display")
    legal_citation = serializers.CharField(source="measure.legal_citation")
    chapter99_heading = serializers.CharField(source="heading")
    chapter99_heading_text = serializers.CharField(
        source="heading_text", help_text="The heading as the schedule publishes it."
    )
    form = serializers.CharField()
    rate = serializers.CharField(source="description")
    state = MeasureStateSerializer()
    matched = serializers.CharField(help_text="The scope line or annex line that brings it in.")
    why = serializers.CharField()
    retroactive = serializers.BooleanField()
    adds = ExpressionField(allow_null=True, help_text="What it adds here; null: not computable.")
    note = serializers.CharField()
    quota = serializers.DictField(allow_null=True)
    sources = SourceBriefSerializer(many=True)


class SkippedSerializer(serializers.Serializer):
    measure = MeasureRefSerializer()
    reason = serializers.ChoiceField(
        choices=[
            (r, r)
            for r in (
                "replaced",
                "exempt",
                "outranked",
                "not_in_force",
                "announced",
                "partner_excepted",
                "product_excluded",
            )
        ]
    )
    detail = serializers.CharField()
    by = MeasureRefSerializer(allow_null=True)


class UnitValueSerializer(serializers.Serializer):
    unit = serializers.CharField()
    value_per_unit = serializers.DecimalField(max_digits=20, decimal_places=6)
    year = serializers.IntegerField()
    source = serializers.CharField()
    partner = serializers.CharField()


class LineSerializer(serializers.Serializer):
    code = serializers.CharField()
    description = serializers.CharField()
    revision = serializers.CharField(source="revision.name", allow_null=True, default=None)
    statistical_lines = serializers.ListField(child=serializers.CharField())
    base_rate = serializers.CharField(source="base_text")
    base = ExpressionField(allow_null=True)
    base_ad_valorem = serializers.DecimalField(max_digits=10, decimal_places=4, allow_null=True)
    layers = LayerSerializer(many=True)
    total = ExpressionField(allow_null=True)
    total_ad_valorem = serializers.DecimalField(
        max_digits=10,
        decimal_places=4,
        allow_null=True,
        help_text="Total duty as ad valorem (or its equivalent); null: not computable.",
    )
    not_computable = serializers.CharField(help_text="Why the total or its figure is unknown.")
    unit_value = UnitValueSerializer(allow_null=True)


class DutyAnswerSerializer(serializers.Serializer):
    importer = serializers.CharField(source="importer.iso3")
    exporter = serializers.CharField(source="exporter.iso3")
    hs = serializers.CharField(source="code")
    date = serializers.DateField(source="on")
    known_on = serializers.DateField(allow_null=True)
    lines_agree = serializers.BooleanField()
    note = serializers.CharField()
    lines = LineSerializer(many=True)
    not_applied = SkippedSerializer(source="skipped", many=True)
