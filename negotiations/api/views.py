from core.api.viewsets import ReadWriteViewSet

from .. import querysets
from ..filtersets import (
    ConcessionFilterSet,
    NegotiationFilterSet,
    PersonFilterSet,
    RoundFilterSet,
)
from . import serializers


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


class ConcessionViewSet(ReadWriteViewSet):
    queryset = querysets.concessions()
    list_queryset = querysets.concession_summaries()
    serializer_class = serializers.ConcessionSerializer
    brief_serializer_class = serializers.ConcessionBriefSerializer
    filterset_class = ConcessionFilterSet
    ordering_fields = ["title", "status", "kind", "id"]
