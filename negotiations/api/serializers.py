from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from commodities.models import Commodity
from core.api.fields import DetailURLField
from core.api.rows import RowSerializer
from core.api.serializers import (
    EconomyCodeField,
    NestedWriteSerializer,
    SourceBriefSerializer,
    SourcedSerializer,
    ValidatedModelSerializer,
)

from ..models import (
    Concession,
    ConcessionStatusChange,
    Delegation,
    Encounter,
    Negotiation,
    Person,
    Round,
    Statement,
)


class PersonBriefSerializer(serializers.ModelSerializer):
    url = DetailURLField(view_name="api:person-detail", lookup_field="slug")
    economy = EconomyCodeField()

    class Meta:
        model = Person
        fields = ["url", "slug", "name", "office", "economy"]


class PersonRoundSerializer(serializers.ModelSerializer):
    url = DetailURLField(view_name="api:round-detail")
    negotiation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Round
        fields = ["url", "id", "negotiation", "sequence", "title", "start_date", "end_date"]


class PersonSerializer(ValidatedModelSerializer, PersonBriefSerializer):
    rounds = serializers.SerializerMethodField()

    class Meta(PersonBriefSerializer.Meta):
        fields = [*PersonBriefSerializer.Meta.fields, "rounds"]

    def get_rounds(self, person) -> list[dict]:
        rounds = {d.round for d in person.delegations.all()} | {
            d.round for d in person.delegations_led.all()
        }
        ordered = sorted(rounds, key=lambda r: (r.start_date, r.pk))
        return PersonRoundSerializer(ordered, many=True, context=self.context).data


class RoundBriefSerializer(serializers.ModelSerializer):
    url = DetailURLField(view_name="api:round-detail")
    negotiation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Negotiation.objects.all()
    )
    country = EconomyCodeField(required=False, allow_null=True)

    class Meta:
        model = Round
        fields = [
            "url",
            "id",
            "negotiation",
            "sequence",
            "title",
            "status",
            "start_date",
            "end_date",
            "city",
            "country",
            "format",
        ]


class PersonRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["slug", "name", "office"]


class PersonSlugField(serializers.SlugRelatedField):
    """A person written by slug and read as who they are (slug, name, office)."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", queryset=Person.objects.all(), **kwargs)

    def to_representation(self, person):
        return PersonRefSerializer(person).data


class PersonSlugFieldSchema(OpenApiSerializerFieldExtension):
    """The schema says so: a slug in requests, a person in responses."""

    target_class = PersonSlugField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "response":
            return auto_schema.resolve_serializer(PersonRefSerializer, direction).ref
        return build_basic_type(OpenApiTypes.STR)


class DelegationSerializer(ValidatedModelSerializer):
    economy = EconomyCodeField()
    head = PersonSlugField(required=False, allow_null=True)
    members = PersonSlugField(many=True, required=False)

    class Meta:
        model = Delegation
        fields = ["economy", "head", "members"]


class EncounterSerializer(serializers.ModelSerializer):
    participants = PersonRefSerializer(many=True, read_only=True)
    sources = SourceBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Encounter
        fields = ["date", "description", "participants", "sources"]


class StatementSerializer(serializers.ModelSerializer):
    speaker = PersonRefSerializer(read_only=True)
    sources = SourceBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Statement
        fields = ["said_on", "speaker", "quote", "context", "sources"]


class RoundSerializer(NestedWriteSerializer, SourcedSerializer, RoundBriefSerializer):
    delegations = DelegationSerializer(many=True, required=False)
    encounters = EncounterSerializer(many=True, read_only=True)
    statements = StatementSerializer(many=True, read_only=True)
    nested_children = {"delegations": ("delegations", DelegationSerializer)}

    class Meta(RoundBriefSerializer.Meta):
        fields = [
            *RoundBriefSerializer.Meta.fields,
            "summary",
            "outcome",
            "next_steps",
            "delegations",
            "encounters",
            "statements",
            "sources",
            "source_ids",
        ]

    def validate(self, attrs):
        economies = [d["economy"] for d in attrs.get("delegations", [])]
        if len(economies) != len(set(economies)):
            raise serializers.ValidationError(
                {"delegations": "One delegation per economy: an economy appears twice."}
            )
        return super().validate(attrs)


class NegotiationBriefSerializer(serializers.ModelSerializer):
    url = DetailURLField(view_name="api:negotiation-detail", lookup_field="slug")
    parties = EconomyCodeField(many=True)

    class Meta:
        model = Negotiation
        fields = ["url", "slug", "title", "status", "started_on", "ended_on", "parties"]


class NegotiationRoundSerializer(RoundBriefSerializer):
    class Meta(RoundBriefSerializer.Meta):
        fields = ["url", "id", "sequence", "title", "status", "start_date", "end_date", "city"]


class NegotiationSerializer(SourcedSerializer, NegotiationBriefSerializer):
    rounds = NegotiationRoundSerializer(many=True, read_only=True)

    class Meta(NegotiationBriefSerializer.Meta):
        fields = [
            *NegotiationBriefSerializer.Meta.fields,
            "summary",
            "recorded_through",
            "rounds",
            "sources",
            "source_ids",
        ]


class ConcessionStatusChangeSerializer(SourcedSerializer):
    class Meta:
        model = ConcessionStatusChange
        fields = ["changed_on", "status", "round", "note", "sources", "source_ids"]


class ConcessionFields(serializers.ModelSerializer):
    """A concession's fields as a detail reads and writes them."""

    url = DetailURLField(view_name="api:concession-detail")
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


class ConcessionBriefSerializer(RowSerializer, serializers.ModelSerializer):
    """A concession of a list (or CSV) as its detail shows it, from a `values()` row."""

    url = DetailURLField(view_name="api:concession-detail")
    negotiation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    giver = EconomyCodeField(read_only=True)
    receiver = EconomyCodeField(read_only=True)
    round = serializers.IntegerField(source="round_id", read_only=True, allow_null=True)
    commodity = serializers.CharField(source="commodity_id", read_only=True, allow_null=True)

    class Meta(ConcessionFields.Meta):
        pass


class ConcessionSerializer(NestedWriteSerializer, SourcedSerializer, ConcessionFields):
    status_history = ConcessionStatusChangeSerializer(
        source="status_changes", many=True, required=False
    )
    nested_children = {"status_changes": ("status_changes", ConcessionStatusChangeSerializer)}

    class Meta(ConcessionFields.Meta):
        fields = [
            *ConcessionFields.Meta.fields,
            "description",
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
        return super().validate(attrs)

    def write_children(self, instance, children, replace=False):
        super().write_children(instance, children, replace)
        instance.refresh_status()
