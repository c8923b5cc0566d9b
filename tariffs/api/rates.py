"""The effective tariff rate between two economies, month by month."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.permissions import ReadOnly
from core.api.renderers import FlatCSVRenderer
from core.api.viewsets import LastModifiedMixin

from ..engine.rate_cache import effective_rate
from ..forms import EffectiveRateForm


class MonthRateSerializer(serializers.Serializer):
    month = serializers.DateField(format="%Y-%m")
    on = serializers.DateField(help_text="The day whose rates are taken: the month's last.")
    rate = serializers.DecimalField(
        max_digits=9,
        decimal_places=3,
        allow_null=True,
        help_text="Trade-weighted total duty (%) over the trade whose duty is computable.",
    )
    duty_usd = serializers.DecimalField(max_digits=22, decimal_places=2)
    computable_value_usd = serializers.DecimalField(max_digits=22, decimal_places=2)
    not_computable_share = serializers.DecimalField(
        max_digits=6, decimal_places=2, help_text="% of the weights' value."
    )


class EffectiveRateSerializer(serializers.Serializer):
    importer = serializers.CharField(source="importer.iso3")
    exporter = serializers.CharField(source="exporter.iso3")
    start = serializers.DateField()
    end = serializers.DateField()
    known_on = serializers.DateField(allow_null=True)
    weights_year = serializers.IntegerField(source="year", allow_null=True)
    weights_source = serializers.CharField(source="source", allow_null=True)
    trade_value_usd = serializers.DecimalField(max_digits=22, decimal_places=2)
    products = serializers.IntegerField(help_text="HS6 products traded in the weights' year.")
    months = MonthRateSerializer(many=True)


class EffectiveRateView(LastModifiedMixin, APIView):
    """The trade-weighted total duty between an importer and an exporter, month by month,
    weighted by the latest full year of annual imports by HS6, with the share of trade whose
    duty is not computable beside it. `?format=csv` gives one row per month."""

    permission_classes = [ReadOnly]

    @extend_schema(
        parameters=[
            OpenApiParameter("importer", str, required=True, description="ISO alpha-3, e.g. USA"),
            OpenApiParameter("exporter", str, required=True, description="ISO alpha-3, e.g. JPN"),
            OpenApiParameter("start", OpenApiTypes.DATE, required=True),
            OpenApiParameter("end", OpenApiTypes.DATE, description="Default: today"),
            OpenApiParameter("known_on", OpenApiTypes.DATE),
        ],
        responses=EffectiveRateSerializer,
    )
    def get(self, request):
        form = EffectiveRateForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        query = form.cleaned_data
        answer = effective_rate(
            query["importer"], query["exporter"], query["start"], query["end"], query["known_on"]
        )
        data = EffectiveRateSerializer(answer).data
        if isinstance(request.accepted_renderer, FlatCSVRenderer):
            common = {"importer": data["importer"], "exporter": data["exporter"]}
            return Response([{**common, **month} for month in data["months"]])
        return Response(data)
