from django.db.models import Prefetch

from config.api.viewsets import ReadWriteViewSet

from ..filtersets import (
    EconomyFilterSet,
    NegotiationFilterSet,
    PersonFilterSet,
    RoundFilterSet,
    SourceFilterSet,
)
from ..models import Delegation, Economy, Encounter, Negotiation, Person, Round, Source, Statement
from . import serializers


class EconomyViewSet(ReadWriteViewSet):
    queryset = Economy.objects.prefetch_related("members", "unions")
    lookup_field = "iso3"
    serializer_class = serializers.EconomySerializer
    brief_serializer_class = serializers.EconomyBriefSerializer
    filterset_class = EconomyFilterSet
    ordering_fields = ["name", "iso3"]


class SourceViewSet(ReadWriteViewSet):
    queryset = Source.objects.all()
    serializer_class = serializers.SourceSerializer
    filterset_class = SourceFilterSet
    ordering_fields = ["published_on", "publisher", "title"]


class PersonViewSet(ReadWriteViewSet):
    queryset = Person.objects.select_related("economy").prefetch_related(
        "delegations__round__negotiation", "delegations_led__round__negotiation"
    )
    lookup_field = "slug"
    serializer_class = serializers.PersonSerializer
    brief_serializer_class = serializers.PersonBriefSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["name"]


class NegotiationViewSet(ReadWriteViewSet):
    queryset = Negotiation.objects.prefetch_related("parties", "rounds", "sources")
    lookup_field = "slug"
    serializer_class = serializers.NegotiationSerializer
    brief_serializer_class = serializers.NegotiationBriefSerializer
    filterset_class = NegotiationFilterSet
    ordering_fields = ["started_on", "title", "status"]


class RoundViewSet(ReadWriteViewSet):
    queryset = Round.objects.select_related("negotiation", "country").prefetch_related(
        "sources",
        Prefetch(
            "delegations",
            Delegation.objects.select_related("economy", "head").prefetch_related("members"),
        ),
        Prefetch("encounters", Encounter.objects.prefetch_related("participants", "sources")),
        Prefetch(
            "statements", Statement.objects.select_related("speaker").prefetch_related("sources")
        ),
    )
    serializer_class = serializers.RoundSerializer
    brief_serializer_class = serializers.RoundBriefSerializer
    filterset_class = RoundFilterSet
    ordering_fields = ["start_date", "sequence", "title"]
