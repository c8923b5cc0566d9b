from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from commodities.models import Commodity
from core.api.fields import DetailURLField
from core.api.rows import RowSerializer
from core.api.serializers import (
    EconomyCodeField,
    NestedWriteSerializer,
    SourcedSerializer,
    ValidatedModelSerializer,
)

from ..models import Measure, MeasureChange, MeasureRelation, PartnerException, ScopeLine
from ..wording import describe_rate


class ScopeLineSerializer(ValidatedModelSerializer):
    code = serializers.PrimaryKeyRelatedField(source="commodity", queryset=Commodity.objects.all())
    description = serializers.CharField(source="commodity.description", read_only=True)

    class Meta:
        model = ScopeLine
        fields = ["code", "description", "excluded", "annex", "effective_from", "effective_to"]


class PartnerExceptionSerializer(ValidatedModelSerializer):
    economy = EconomyCodeField()

    class Meta:
        model = PartnerException
        fields = ["economy", "effective_from", "effective_to", "note"]


class MeasureRelationSerializer(SourcedSerializer):
    other = serializers.PrimaryKeyRelatedField(queryset=Measure.objects.all())

    class Meta:
        model = MeasureRelation
        fields = [
            "kind",
            "other",
            "effective_from",
            "effective_to",
            "note",
            "sources",
            "source_ids",
        ]


CHANGE_FIELDS = [
    "effective_on",
    "published_on",
    "status",
    "form",
    "ad_valorem_rate",
    "specific_rate",
    "specific_unit",
    "in_quota_form",
    "in_quota_rate",
    "out_of_quota_form",
    "out_of_quota_rate",
    "quota_volume",
    "quota_unit",
    "quota_period",
    "quota_filled_on",
    "chapter99_heading",
]


class MeasureChangeSerializer(SourcedSerializer):
    retroactive = serializers.BooleanField(read_only=True)

    class Meta:
        model = MeasureChange
        fields = [*CHANGE_FIELDS, "retroactive", "note", "sources", "source_ids"]


class MeasureStateSerializer(serializers.Serializer):
    status = serializers.CharField()
    since = serializers.DateField()
    published_on = serializers.DateField(allow_null=True)
    retroactive = serializers.BooleanField()
    form = serializers.CharField()
    description = serializers.SerializerMethodField()
    ad_valorem_rate = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    specific_rate = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    specific_unit = serializers.CharField()
    in_quota_form = serializers.CharField()
    in_quota_rate = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    out_of_quota_form = serializers.CharField()
    out_of_quota_rate = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    quota_volume = serializers.DecimalField(max_digits=18, decimal_places=3, allow_null=True)
    quota_unit = serializers.CharField()
    quota_period = serializers.CharField()
    quota_filled_on = serializers.DateField(allow_null=True)
    chapter99_heading = serializers.CharField()

    def get_description(self, state) -> str:
        return describe_rate(state)


# What a list shows of a measure, and the detail first: status, form and rate are those of
# `current_state`. (No docstring: the schema would give it as the list's description.)
class MeasureSummaryFields(serializers.ModelSerializer):
    url = DetailURLField(view_name="api:measure-detail")
    issuer = EconomyCodeField()
    targets = EconomyCodeField(many=True, required=False)
    status = serializers.SerializerMethodField(help_text="Status on `on` (default today).")
    form = serializers.SerializerMethodField(help_text="Form of the rate on `on`.")
    ad_valorem_rate = serializers.SerializerMethodField(
        help_text="Rate (%) on `on` (default today): points added, or the total for `total`."
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
            "precedence",
            "status",
            "form",
            "ad_valorem_rate",
        ]

    def current_state(self, measure):
        """The state on the request's `on` date (the viewset puts it in the context)."""
        return measure.state_on(self.context.get("on"))

    def get_status(self, measure) -> str | None:
        state = self.current_state(measure)
        return state.status if state else None

    def get_form(self, measure) -> str | None:
        state = self.current_state(measure)
        return state.form if state else None

    def get_ad_valorem_rate(self, measure) -> str | None:
        state = self.current_state(measure)
        return str(state.ad_valorem_rate) if state and state.ad_valorem_rate is not None else None


# A measure of a list (or CSV) from a row of `querysets.measure_summary_rows`, its state folded
# from the row's history as `Measure.state_on` folds a measure's.
class MeasureBriefSerializer(RowSerializer, MeasureSummaryFields):
    def current_state(self, row):
        # Status, form and rate of a row are written one after the other: one fold.
        last = self.__dict__.get("_last_state")
        if last is None or last[0] is not row:
            state = Measure.state_from_history(row["changes"], self.context.get("on"))
            last = self._last_state = (row, state)
        return last[1]


class MeasureSerializer(NestedWriteSerializer, SourcedSerializer, MeasureSummaryFields):
    scope = ScopeLineSerializer(source="scope_lines", many=True, required=False)
    history = MeasureChangeSerializer(source="changes", many=True, required=False)
    partner_exceptions = PartnerExceptionSerializer(many=True, required=False)
    relations = MeasureRelationSerializer(many=True, required=False)
    nested_children = {
        "scope_lines": ("scope_lines", ScopeLineSerializer),
        "changes": ("changes", MeasureChangeSerializer),
        "partner_exceptions": ("partner_exceptions", PartnerExceptionSerializer),
        "relations": ("relations", MeasureRelationSerializer),
    }

    class Meta(MeasureSummaryFields.Meta):
        fields = [
            *MeasureSummaryFields.Meta.fields,
            "legal_citation",
            "description",
            "covers_all_products",
            "scope",
            "partner_exceptions",
            "relations",
            "history",
            "sources",
            "source_ids",
        ]

    def validate(self, attrs):
        codes = [
            (line["commodity"].code, line.get("effective_from"))
            for line in attrs.get("scope_lines", [])
        ]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError(
                {"scope": "An HS code appears twice in the scope from the same date."}
            )
        days = [
            (c["effective_on"], c["status"], c.get("published_on"))
            for c in attrs.get("changes", [])
        ]
        if len(days) != len(set(days)):
            raise serializers.ValidationError(
                {"history": "Two changes share a date, a status and a publication date."}
            )
        self.check_targets(attrs)
        return super().validate(attrs)

    def check_targets(self, attrs):
        """The model's rule on what the measure will be once written: a partial update is
        checked with the values it leaves as they are."""
        measure = self.instance
        if "applies_to_all_economies" in attrs:
            all_economies = attrs["applies_to_all_economies"]
        else:
            all_economies = measure.applies_to_all_economies if measure else False
        if "targets" in attrs:
            targets = attrs["targets"]
        else:
            targets = list(measure.targets.all()) if measure else []
        try:
            Measure.check_targets(all_economies, targets)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                self.keyed_by_field(exc, self.written_model_fields())
            ) from exc


class MeasureRefSerializer(serializers.ModelSerializer):
    url = DetailURLField(view_name="api:measure-detail")

    class Meta:
        model = Measure
        fields = ["url", "id", "title", "legal_basis", "legal_citation", "precedence"]


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
