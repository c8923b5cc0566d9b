"""Background exports of API lists: ask for one, follow it, download its file."""

from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from ..models import Export
from ..tasks import queue_export
from .lists import list_path, list_queryset, list_view
from .permissions import Readers
from .renderers import JSONRenderer

UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class ExportRequestSerializer(serializers.Serializer):
    path = serializers.CharField(
        max_length=Export._meta.get_field("path").max_length,
        help_text="The API list to export with its filters, e.g. "
        "/api/v1/trade-flows/?reporter=JPN&hs=8703 (or the same as a URL of this site). "
        "`format` and the page are left out: the file holds every row the filters keep.",
    )

    def validate_path(self, value):
        request = self.context["request"]
        try:
            path = list_path(value, host=request.get_host())
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from error
        # Whoever may read the list may export it (a 401 or 403 otherwise), with its filters
        # as the list itself checks them.
        view = list_view(path, request.user)
        try:
            list_queryset(view)
        except ValidationError as error:
            raise serializers.ValidationError(_flat(error.detail)) from error
        return path


def _flat(detail):
    """A list's filter errors as sentences, each naming its parameter."""
    if isinstance(detail, dict):
        return [f"{name}: {' '.join(map(str, _flat(errors)))}" for name, errors in detail.items()]
    if isinstance(detail, list):
        return [str(item) for item in detail]
    return [str(detail)]


class ExportSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Where to follow the export.")
    download_url = serializers.SerializerMethodField(
        help_text="Where to download the CSV once the export is done; null before."
    )

    class Meta:
        model = Export
        fields = [
            "key",
            "url",
            "path",
            "status",
            "rows",
            "created_at",
            "started_at",
            "finished_at",
            "error",
            "download_url",
        ]
        read_only_fields = fields

    def _absolute(self, name, export):
        return self.context["request"].build_absolute_uri(reverse(name, args=[export.key]))

    def get_url(self, export) -> str:
        return self._absolute("api:export-detail", export)

    def get_download_url(self, export) -> str | None:
        return self._absolute("api:export-download", export) if export.is_done else None


class AnyAccept(BaseContentNegotiation):
    """A download is a file whatever the client accepts; an error about it is JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class NotReady(serializers.Serializer):
    detail = serializers.CharField()
    status = serializers.ChoiceField(choices=Export.Status.choices)


@extend_schema_view(
    list=extend_schema(summary="Your background exports, newest first (none when anonymous)."),
    retrieve=extend_schema(summary="An export's status, row count and, once done, download URL."),
)
class ExportViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """The whole CSV of an API list, however long, written in the background.

    A user reaches only their own exports; an anonymous export is reachable by its key only.
    """

    serializer_class = ExportSerializer
    permission_classes = [Readers]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    filter_backends = []
    lookup_value_regex = UUID_PATTERN

    def get_queryset(self):
        user = self.request.user
        if self.action == "list":
            if not user.is_authenticated:
                return Export.objects.none()
            return Export.objects.filter(requested_by=user)
        return Export.objects.visible_to(user)

    @extend_schema(
        summary="Ask for the background export of an API list.",
        request=ExportRequestSerializer,
        responses={202: ExportSerializer},
    )
    def create(self, request, *args, **kwargs):
        ask = ExportRequestSerializer(data=request.data, context={"request": request})
        ask.is_valid(raise_exception=True)
        user = request.user if request.user.is_authenticated else None
        export = Export.objects.create(path=ask.validated_data["path"], requested_by=user)
        queue_export(export)
        data = self.get_serializer(export).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})

    @extend_schema(
        summary="The export's CSV file, as an attachment.",
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="The CSV."),
            409: OpenApiResponse(NotReady, description="Not done yet, or failed."),
        },
    )
    @action(detail=True, content_negotiation_class=AnyAccept)
    def download(self, request, pk=None):
        export = self.get_object()
        if not export.is_done:
            return Response(
                {
                    "detail": f"The export is {export.get_status_display().lower()}; "
                    "its file can be downloaded once it is done.",
                    "status": export.status,
                },
                status=status.HTTP_409_CONFLICT,
            )
        try:
            file = export.file.open("rb")
        except FileNotFoundError as error:
            raise NotFound("The export's file is no longer kept.") from error
        return FileResponse(
            file,
            as_attachment=True,
            filename=export.filename,
            content_type="text/csv; charset=utf-8",
        )
