"""What every API viewset shares: brief lists and full details, CSV, Last-Modified."""

from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.http import http_date
from rest_framework import viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .. import exports
from ..models import DataVersion
from .exceptions import TooManyRowsForCSV
from .lists import list_path
from .renderers import FlatCSVRenderer

CSV_CHUNK_SIZE = 2000


class LastModifiedMixin:
    """Successful reads carry the time the tracker's data last changed."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            changed_at = DataVersion.latest()
            if changed_at:
                response["Last-Modified"] = http_date(changed_at.timestamp())
        return response


class TrackerViewSetMixin(LastModifiedMixin):
    """A viewset whose list uses `brief_serializer_class` and whose detail the full one.

    `?format=csv` on a list streams every row that the filters keep, unpaginated, up to
    `CSV_MAX_ROWS`; a longer list is a 400 (in JSON) that says how to export it in the
    background. A background export (`core.tasks.run_export`) writes the same rows through
    `csv_chunks`.
    """

    brief_serializer_class = None
    # Lists read only what the brief serializer shows; None means the detail's queryset.
    list_queryset = None

    def get_queryset(self):
        if self.action == "list" and self.list_queryset is not None:
            return self.list_queryset.all()
        return super().get_queryset()

    def get_serializer_class(self):
        if self.action == "list" and self.brief_serializer_class:
            return self.brief_serializer_class
        return super().get_serializer_class()

    def wants_csv(self):
        renderer = getattr(self.request, "accepted_renderer", None)
        return isinstance(renderer, FlatCSVRenderer)

    def list(self, request, *args, **kwargs):
        if self.wants_csv():
            queryset = self.filter_queryset(self.get_queryset())
            rows = exports.rows_over_limit(queryset)
            if rows is not None:
                raise TooManyRowsForCSV(rows, self.export_request(request))
            return self.csv_response(queryset)
        return super().list(request, *args, **kwargs)

    def export_request(self, request):
        """How to ask for this list's background export: the address and the body."""
        return {
            "method": "POST",
            "url": request.build_absolute_uri(reverse("api:export-list")),
            "body": {"path": list_path(request.get_full_path())},
        }

    def finalize_response(self, request, response, *args, **kwargs):
        # An error is told in JSON even when a CSV was asked for.
        if isinstance(response, Response) and response.status_code >= 400 and self.wants_csv():
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def csv_filename(self):
        return f"{self.basename.replace('-', '_')}.csv"

    def csv_chunks(self, queryset):
        """The CSV of `queryset` as encoded lines: the header, then one line per item, each
        serialized as the list serializes it, every cell neutralised by the renderer."""
        serializer = self.get_serializer_class()(context=self.get_serializer_context())
        # The API link of each row is left out: a CSV file is read on its own.
        serializer.fields.pop("url", None)

        def rows():
            for item in queryset.iterator(chunk_size=CSV_CHUNK_SIZE):
                yield serializer.to_representation(item)

        header = list(serializer.fields)
        return FlatCSVRenderer().render(rows(), renderer_context={"header": header})

    def csv_response(self, queryset):
        response = StreamingHttpResponse(
            self.csv_chunks(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.csv_filename()}"'
        return response


class ReadWriteViewSet(TrackerViewSetMixin, viewsets.ModelViewSet):
    pass


class ReadOnlyViewSet(TrackerViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
