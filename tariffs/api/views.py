from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.permissions import ReadOnly
from core.api.viewsets import LastModifiedMixin, ReadWriteViewSet

from .. import querysets
from ..filtersets import MeasureFilterSet
from ..forms import OnDateForm, TariffLookupForm
from ..services import lookup_tariff, measure_coverage
from . import serializers


class MeasureViewSet(ReadWriteViewSet):
    queryset = querysets.measures()
    list_queryset = querysets.measure_summaries()
    serializer_class = serializers.MeasureSerializer
    brief_serializer_class = serializers.MeasureBriefSerializer
    filterset_class = MeasureFilterSet
    ordering_fields = ["title", "legal_basis", "id"]

    def get_serializer_context(self):
        """Lists, details and CSV give each measure's status and rate on `?on=` (or today)."""
        return {**super().get_serializer_context(), "on": self.on_date()}

    def on_date(self):
        form = OnDateForm(self.request.query_params if self.request else {})
        if not form.is_valid():
            raise ValidationError(form.errors)
        return form.on_date()

    @extend_schema(
        parameters=[serializers.CoverageQuerySerializer],
        responses=serializers.CoverageSerializer,
    )
    @action(detail=True, filterset_class=None, pagination_class=None)
    def coverage(self, request, pk=None):
        """The trade the measure covers in a year and the duty its rate implies."""
        query = serializers.CoverageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        coverage = measure_coverage(
            self.get_object(), query.validated_data["year"], query.validated_data.get("date")
        )
        return Response(serializers.CoverageSerializer(coverage, context={"request": request}).data)


class TariffLookupView(LastModifiedMixin, APIView):
    """Every measure in force on a date whose scope covers a product from a partner."""

    permission_classes = [ReadOnly]

    @extend_schema(
        parameters=[
            OpenApiParameter("importer", str, required=True, description="ISO alpha-3, e.g. USA"),
            OpenApiParameter("exporter", str, required=True, description="ISO alpha-3, e.g. JPN"),
            OpenApiParameter("hs", str, required=True, description="6, 8 or 10 digits"),
            OpenApiParameter("date", OpenApiTypes.DATE, description="Default: today"),
        ],
        responses=serializers.TariffLookupSerializer,
    )
    def get(self, request):
        form = TariffLookupForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        query = form.cleaned_data
        answer = lookup_tariff(query["importer"], query["exporter"], query["hs"], query["date"])
        context = {"request": request}
        return Response(serializers.TariffLookupSerializer(answer, context=context).data)
