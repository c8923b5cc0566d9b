"""Agreements and their commitments in the API: brief lists, full details, nested writes.

An agreement's parties must be parties of its negotiation, and a commitment's giver a party
of its agreement: many-to-many values the model cannot check before it is saved, so the
serializers check them.
"""

from rest_framework import serializers

from commodities.models import Commodity
from core.api.fields import DetailURLField
from core.api.serializers import EconomyCodeField, NestedWriteSerializer, SourcedSerializer
from tariffs.api.serializers import MeasureRefSerializer
from tariffs.models import Measure

from ..models import Agreement, Commitment, CommitmentStatusChange, Negotiation, Round
from ..models.agreements import party_errors


class CommitmentStatusChangeSerializer(SourcedSerializer):
    class Meta:
        model = CommitmentStatusChange
        fields = ["changed_on", "status", "note", "sources", "source_ids"]


class CommitmentBriefSerializer(serializers.ModelSerializer):
    url = DetailURLField(view_name="api:commitment-detail")
    agreement = serializers.PrimaryKeyRelatedField(queryset=Agreement.objects.all())
    giver = EconomyCodeField()
    status = serializers.SerializerMethodField(help_text="Status on `on` (default today).")

    class Meta:
        model = Commitment
        fields = [
            "url",
            "id",
            "agreement",
            "giver",
            "kind",
            "description",
            "amount",
            "unit",
            "period",
            "status",
        ]

    def get_status(self, commitment) -> str | None:
        return commitment.status_on(self.context.get("on"))


class CommitmentSerializer(NestedWriteSerializer, SourcedSerializer, CommitmentBriefSerializer):
    products = serializers.PrimaryKeyRelatedField(
        queryset=Commodity.objects.all(), many=True, required=False
    )
    measures = MeasureRefSerializer(many=True, read_only=True)
    measure_ids = serializers.PrimaryKeyRelatedField(
        source="measures",
        queryset=Measure.objects.all(),
        many=True,
        write_only=True,
        required=False,
    )
    trade_reporter = EconomyCodeField(required=False, allow_null=True)
    trade_partner = EconomyCodeField(required=False, allow_null=True)
    status_history = CommitmentStatusChangeSerializer(
        source="status_changes", many=True, required=False
    )
    nested_children = {"status_changes": ("status_changes", CommitmentStatusChangeSerializer)}

    class Meta(CommitmentBriefSerializer.Meta):
        fields = [
            *CommitmentBriefSerializer.Meta.fields,
            "start_on",
            "end_on",
            "products",
            "measures",
            "measure_ids",
            "trade_reporter",
            "trade_partner",
            "trade_unit",
            "status_history",
            "sources",
            "source_ids",
        ]

    def validate(self, attrs):
        steps = [(c["changed_on"], c["status"]) for c in attrs.get("status_changes", [])]
        if len(steps) != len(set(steps)):
            raise serializers.ValidationError(
                {"status_history": "Two changes share a date and a status."}
            )
        self.check_giver(attrs)
        return super().validate(attrs)

    def check_giver(self, attrs):
        """The giver must be a party of the agreement (the agreement's own, once saved)."""
        agreement = attrs.get("agreement") or getattr(self.instance, "agreement", None)
        giver = attrs.get("giver") or getattr(self.instance, "giver", None)
        if agreement is None or giver is None:
            return
        message = party_errors([giver], agreement.parties.all(), "the agreement")
        if message:
            raise serializers.ValidationError({"giver": message})


class AgreementCommitmentSerializer(CommitmentSerializer):
    """A commitment within its agreement's detail, written with it."""

    class Meta(CommitmentSerializer.Meta):
        fields = [name for name in CommitmentSerializer.Meta.fields if name != "agreement"]


class AgreementBriefSerializer(serializers.ModelSerializer):
    url = DetailURLField(view_name="api:agreement-detail")
    negotiation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Negotiation.objects.all()
    )
    round = serializers.PrimaryKeyRelatedField(
        queryset=Round.objects.all(), required=False, allow_null=True
    )
    parties = EconomyCodeField(many=True)
    commitment_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "url",
            "id",
            "negotiation",
            "round",
            "kind",
            "title",
            "announced_on",
            "signed_on",
            "in_force_on",
            "parties",
            "commitment_count",
        ]


class AgreementSerializer(NestedWriteSerializer, SourcedSerializer, AgreementBriefSerializer):
    commitment_count = serializers.SerializerMethodField()
    measures = MeasureRefSerializer(many=True, read_only=True)
    measure_ids = serializers.PrimaryKeyRelatedField(
        source="measures",
        queryset=Measure.objects.all(),
        many=True,
        write_only=True,
        required=False,
    )
    commitments = AgreementCommitmentSerializer(many=True, required=False)
    nested_children = {"commitments": ("commitments", AgreementCommitmentSerializer)}

    class Meta(AgreementBriefSerializer.Meta):
        fields = [
            *AgreementBriefSerializer.Meta.fields,
            "summary",
            "measures",
            "measure_ids",
            "commitments",
            "sources",
            "source_ids",
        ]

    def get_commitment_count(self, agreement) -> int:
        return len(agreement.commitments.all())

    def validate(self, attrs):
        negotiation = attrs.get("negotiation") or getattr(self.instance, "negotiation", None)
        if "parties" in attrs:
            parties = attrs["parties"]
            message = negotiation and party_errors(
                parties, negotiation.parties.all(), "the negotiation"
            )
            if message:
                raise serializers.ValidationError({"parties": message})
        elif self.instance is not None:
            parties = list(self.instance.parties.all())
        else:
            parties = []
        self.check_givers(attrs, parties)
        return super().validate(attrs)

    def check_givers(self, attrs, parties):
        """Each commitment's giver is a party: those written, or those kept on an update."""
        if "commitments" in attrs:
            errors = []
            for item in attrs["commitments"]:
                message = party_errors([item["giver"]], parties, "the agreement")
                errors.append({"giver": [message]} if message else {})
            if any(errors):
                raise serializers.ValidationError({"commitments": errors})
        elif self.instance is not None and "parties" in attrs:
            givers = {c.giver for c in self.instance.commitments.select_related("giver")}
            message = party_errors(givers, parties, "the agreement")
            if message:
                raise serializers.ValidationError(
                    {"parties": f"A commitment's giver would no longer be a party: {message}"}
                )
