"""What every API viewset shares: brief lists and full details, CSV, Last-Modified."""

from django.http import StreamingHttpResponse
from django.utils.http import http_date
from rest_framework import viewsets

from ..models import DataVersion
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

    `?format=csv` on a list streams every row that the filters keep, unpaginated.
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
            return self.csv_response(self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)

    def csv_response(self, queryset):
        serializer_class = self.get_serializer_class()
        context = self.get_serializer_context()

        def rows():
            for item in queryset.iterator(chunk_size=CSV_CHUNK_SIZE):
                yield serializer_class(item, context=context).data

        renderer = FlatCSVRenderer()
        # The API link of each row is left out: a CSV file is read on its own.
        header = [name for name in serializer_class(context=context).fields if name != "url"]
        response = StreamingHttpResponse(
            renderer.render(rows(), renderer_context={"header": header}),
            content_type="text/csv; charset=utf-8",
        )
        filename = self.basename.replace("-", "_")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response


class ReadWriteViewSet(TrackerViewSetMixin, viewsets.ModelViewSet):
    pass


class ReadOnlyViewSet(TrackerViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
