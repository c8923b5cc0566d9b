from .. import querysets
from ..filtersets import EconomyFilterSet, SourceFilterSet
from . import serializers
from .viewsets import ReadWriteViewSet


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
