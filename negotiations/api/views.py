from config.api.viewsets import ReadWriteViewSet

from .. import querysets
from ..filtersets import (
    EconomyFilterSet,
    NegotiationFilterSet,
    PersonFilterSet,
    RoundFilterSet,
    SourceFilterSet,
)
from . import serializers


class EconomyViewSet(ReadWriteViewSet):
    queryset = querysets.economies()
    lookup_field = "iso3"
    serializer_class = serializers.EconomySerializer
    brief_serializer_class = serializers.EconomyBriefSerializer
    filterset_class = EconomyFilterSet
    ordering_fields = ["name", "iso3"]


class SourceViewSet(ReadWriteViewSet):
    queryset = querysets.sources()
    serializer_class = serializers.SourceSerializer
    filterset_class = SourceFilterSet
    ordering_fields = ["published_on", "publisher", "title"]


class PersonViewSet(ReadWriteViewSet):
    queryset = querysets.people()
    lookup_field = "slug"
    serializer_class = serializers.PersonSerializer
    brief_serializer_class = serializers.PersonBriefSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["name"]


class NegotiationViewSet(ReadWriteViewSet):
    queryset = querysets.negotiations()
    lookup_field = "slug"
    serializer_class = serializers.NegotiationSerializer
    brief_serializer_class = serializers.NegotiationBriefSerializer
    filterset_class = NegotiationFilterSet
    ordering_fields = ["started_on", "title", "status"]


class RoundViewSet(ReadWriteViewSet):
    queryset = querysets.rounds()
    serializer_class = serializers.RoundSerializer
    brief_serializer_class = serializers.RoundBriefSerializer
    filterset_class = RoundFilterSet
    ordering_fields = ["start_date", "sequence", "title"]
