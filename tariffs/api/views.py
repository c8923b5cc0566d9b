import datetime as dt

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.permissions import ReadOnly
from core.api.renderers import FlatCSVRenderer
from core.api.steps import StepsMixin, steps_action
from core.api.viewsets import LastModifiedMixin, ReadWriteViewSet
from core.conditional import data_version

from .. import querysets
from ..engine import lookup_duty
from ..filtersets import MeasureFilterSet
from ..forms import OnDateForm, TariffLookupForm
from ..services import measure_coverage
from . import serializers
from .lookup import DutyAnswerSerializer


class MeasureViewSet(StepsMixin, ReadWriteViewSet):
    queryset = querysets.measures()
    list_queryset = querysets.measure_summary_rows(*serializers.MeasureBriefSerializer.row_keys())
    serializer_class = serializers.MeasureSerializer
    brief_serializer_class = serializers.MeasureBriefSerializer
    filterset_class = MeasureFilterSet
    ordering_fields = ["title", "legal_basis", "id"]

    changes = steps_action(
        "changes",
        "measure",
        querysets.measure_changes(),
        serializers.MeasureChangeSerializer,
        "the measure's dated changes",
    )
    scope_lines = steps_action(
        "scope_lines",
        "measure",
        querysets.scope_lines(),
        serializers.ScopeLineSerializer,
        "the measure's scope lines, each with its annex",
    )

    def get_serializer_context(self):
        """Lists, details and CSV give each measure's status and rate on `?on=` (or today,
        read once for every measure of the answer)."""
        return {**super().get_serializer_context(), "on": self.on_date() or dt.date.today()}

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
    """The total duty on a product from a partner on a date, layer by layer with its legal
    chain, and the measures that cover it but do not apply, with why.

    `?format=csv` gives one row per layer of each national line.
    """

    permission_classes = [ReadOnly]

    @extend_schema(
        parameters=[
            OpenApiParameter("importer", str, required=True, description="ISO alpha-3, e.g. USA"),
            OpenApiParameter("exporter", str, required=True, description="ISO alpha-3, e.g. JPN"),
            OpenApiParameter("hs", str, required=True, description="6, 8 or 10 digits"),
            OpenApiParameter("date", OpenApiTypes.DATE, description="Default: today"),
            OpenApiParameter(
                "known_on",
                OpenApiTypes.DATE,
                description="Answer as the law read on this day; default: as it reads now.",
            ),
        ],
        responses=DutyAnswerSerializer,
    )
    def get(self, request):
        form = TariffLookupForm(request.query_params, version=data_version(request))
        if not form.is_valid():
            raise ValidationError(form.errors)
        query = form.cleaned_data
        answer = lookup_duty(
            query["importer"], query["exporter"], query["hs"], query["date"], query["known_on"]
        )
        data = DutyAnswerSerializer(answer, context={"request": request}).data
        if isinstance(request.accepted_renderer, FlatCSVRenderer):
            return Response(csv_rows(data))
        return Response(data)


def csv_rows(data):
    """One row per layer of each national line; a line with no layer gives one row."""
    rows = []
    for line in data["lines"]:
        common = {
            "importer": data["importer"],
            "exporter": data["exporter"],
            "date": data["date"],
            "known_on": data["known_on"],
            "line": line["code"],
            "revision": line["revision"],
            "base_rate": line["base_rate"],
            "total": line["total"]["text"] if line["total"] else "not computable",
            "total_ad_valorem": line["total_ad_valorem"],
        }
        layers = line["layers"] or [None]
        for layer in layers:
            rows.append(
                {
                    **common,
                    "measure": layer["measure"]["title"] if layer else "",
                    "legal_citation": layer["legal_citation"] if layer else "",
                    "chapter99_heading": layer["chapter99_heading"] if layer else "",
                    "rate": layer["rate"] if layer else "",
                    "adds": (layer["adds"] or {}).get("text", "") if layer else "",
                    "retroactive": layer["retroactive"] if layer else "",
                    "why": layer["why"] if layer else "",
                }
            )
    return rows
