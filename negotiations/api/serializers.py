from rest_framework import serializers

from config.api.serializers import (
    EconomyCodeField,
    NestedWriteSerializer,
    SourceBriefSerializer,
    SourcedSerializer,
)

from ..models import Delegation, Economy, Encounter, Negotiation, Person, Round, Statement


class EconomyBriefSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:economy-detail", lookup_field="iso3")

    class Meta:
        model = Economy
        fields = ["url", "iso3", "name", "kind", "comtrade_code", "census_code"]


class EconomySerializer(EconomyBriefSerializer):
    members = EconomyCodeField(many=True, required=False)
    unions = EconomyCodeField(many=True, read_only=True)

    class Meta(EconomyBriefSerializer.Meta):
        fields = [*EconomyBriefSerializer.Meta.fields, "members", "unions"]


class SourceSerializer(SourceBriefSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail")
    link = serializers.URLField(source="url", required=False, allow_blank=True)

    class Meta(SourceBriefSerializer.Meta):
        fields = ["url", "id", "publisher", "title", "kind", "published_on", "link"]


class PersonBriefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail", lookup_field="slug")
    economy = EconomyCodeField()

    class Meta:
        model = Person
        fields = ["url", "slug", "name", "office", "economy"]


class PersonRoundSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:round-detail")
    negotiation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Round
        fields = ["url", "id", "negotiation", "sequence", "title", "start_date", "end_date"]


class PersonSerializer(PersonBriefSerializer):
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
    url = serializers.HyperlinkedIdentityField(view_name="api:round-detail")
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


class DelegationSerializer(serializers.ModelSerializer):
    economy = EconomyCodeField()
    head = serializers.SlugRelatedField(
        slug_field="slug", queryset=Person.objects.all(), required=False, allow_null=True
    )
    members = serializers.SlugRelatedField(
        slug_field="slug", queryset=Person.objects.all(), many=True, required=False
    )

    class Meta:
        model = Delegation
        fields = ["economy", "head", "members"]

    def to_representation(self, delegation):
        return {
            "economy": delegation.economy.iso3,
            "head": PersonRefSerializer(delegation.head).data if delegation.head else None,
            "members": PersonRefSerializer(delegation.members.all(), many=True).data,
        }


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
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": "A round cannot end before it starts."})
        economies = [d["economy"] for d in attrs.get("delegations", [])]
        if len(economies) != len(set(economies)):
            raise serializers.ValidationError(
                {"delegations": "One delegation per economy: an economy appears twice."}
            )
        return attrs


class NegotiationBriefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:negotiation-detail", lookup_field="slug"
    )
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
            "rounds",
            "sources",
            "source_ids",
        ]

    def validate(self, attrs):
        start = attrs.get("started_on", getattr(self.instance, "started_on", None))
        end = attrs.get("ended_on", getattr(self.instance, "ended_on", None))
        if start and end and end < start:
            raise serializers.ValidationError({"ended_on": "Cannot end before it started."})
        return attrs
