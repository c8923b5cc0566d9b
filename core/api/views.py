from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers as drf_serializers
from rest_framework.exceptions import ValidationError

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


ALLOW_DUPLICATE = OpenApiParameter(
    "allow_duplicate",
    OpenApiTypes.BOOL,
    description="Save the source although it looks like one already entered (the same "
    "address, or the same publisher and title up to case and punctuation); without it such a "
    "write is a 409 naming the matches in `duplicates`.",
)
WRITES = extend_schema(parameters=[ALLOW_DUPLICATE])


@extend_schema_view(create=WRITES, update=WRITES, partial_update=WRITES)
class SourceViewSet(ReadWriteViewSet):
    queryset = querysets.sources()
    serializer_class = serializers.SourceSerializer
    filterset_class = SourceFilterSet
    ordering_fields = ["published_on", "publisher", "title"]
    conflict_answer = (
        "Refused: the source looks like one already entered (the matches in `duplicates`; "
        "`?allow_duplicate=true` saves it anyway), or the change conflicts with existing "
        "data. Nothing written."
    )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request is not None and self.request.method in ("POST", "PUT", "PATCH"):
            context["allow_duplicate"] = self.allow_duplicate()
        return context

    def allow_duplicate(self):
        value = self.request.query_params.get("allow_duplicate", "false")
        try:
            return drf_serializers.BooleanField().to_internal_value(value)
        except ValidationError as error:
            raise ValidationError({"allow_duplicate": ["Use true or false."]}) from error
