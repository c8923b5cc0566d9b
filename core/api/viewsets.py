"""What every API viewset shares: brief lists and full details, CSV, Last-Modified, ETags,
writes that honour If-Match, and deletes that refuse to take dependants unasked."""

from django.conf import settings
from django.db import transaction
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from .. import exports
from ..conditional import read_state, unchanged_response
from ..deletion import delete_with_dependants
from .etags import if_match_passes, representation_etag
from .exceptions import TooManyRowsForCSV
from .lists import list_path
from .renderers import FlatCSVRenderer, JSONRenderer

CSV_CHUNK_SIZE = 2000


class LastModifiedMixin:
    """Successful reads carry the time the tracker's data last changed (or today's start, if
    later: what is shown as of today may change at midnight)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response["Last-Modified"] = http_date(read_state(request)[1].timestamp())
        return response


class ReadsOutsideTransactionsMixin:
    """A read opens no transaction; a write is one, as ATOMIC_REQUESTS makes every request.

    At PostgreSQL's READ COMMITTED each statement of a read sees the data committed when it
    starts, inside a transaction or not: the transaction would only cost a read two more
    round trips (BEGIN and COMMIT). A write still runs whole or not at all, and an error
    answer (which DRF's exception handler marks for rollback) still undoes it. A read run
    inside a transaction of its caller's (a test's) takes a savepoint, so that marking its
    error for rollback marks only its own."""

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        return transaction.non_atomic_requests(super().as_view(actions, **initkwargs))

    def dispatch(self, request, *args, **kwargs):
        if request.method in SAFE_METHODS and not transaction.get_connection().in_atomic_block:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            return super().dispatch(request, *args, **kwargs)


class TrackerViewSetMixin(ReadsOutsideTransactionsMixin, LastModifiedMixin):
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

    def retrieve(self, request, *args, **kwargs):
        serializer = self.get_serializer(self.get_object())
        return Response(serializer.data, headers={"ETag": representation_etag(serializer)})

    def wants_csv(self):
        renderer = getattr(self.request, "accepted_renderer", None)
        return isinstance(renderer, FlatCSVRenderer)

    def list(self, request, *args, **kwargs):
        """The list, or a 304 before any row is read when the client's copy is current."""
        unchanged, etag = unchanged_response(request)
        if unchanged is not None:
            return unchanged
        response = self.list_answer(request, *args, **kwargs)
        response["ETag"] = etag
        return response

    def list_answer(self, request, *args, **kwargs):
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
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response):
            response.add_post_render_callback(self.release)
        return response

    def get_paginated_response(self, data):
        # DRF's list of serialized rows, its serializer and the serializer of each row refer
        # to one another, and keep the rows read: the answer holds a plain list, and the
        # serializers, done with, let go of everything (see `release`).
        serializer = getattr(data, "serializer", None)
        results = list(data)
        if serializer is not None:
            data.clear()
            for done in (serializer, getattr(serializer, "child", None)):
                if done is not None:
                    vars(done).clear()
        return super().get_paginated_response(results)

    def release(self, response):
        """Once the answer is written: the view lets go of what it read. DRF's view, request
        and response refer to one another (the request's parser context and the response's
        renderer context name the view, which keeps both): a reference cycle that kept a
        list's rows and their serialized form alive, past the request, until the garbage
        collector found them (docs/benchmarks.md, "ninth pass"). The response keeps its
        data."""
        vars(self).clear()

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


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag of your last read of the record: the write is refused with a 412, "
    "carrying the current ETag, if the record changed since. Left out, the write proceeds.",
)
STALE = OpenApiResponse(
    description="The record changed since the ETag in If-Match; the "
    "response's ETag header carries the current one."
)
CASCADE = OpenApiParameter(
    "cascade",
    OpenApiTypes.BOOL,
    description="Delete the rows that depend on the record with it (a 409 names them "
    "otherwise); rows protected from the deletion are never taken.",
)


class ConditionalWritesMixin:
    """PUT, PATCH and DELETE of a detail honour If-Match; DELETE takes dependants only when
    asked (`?cascade=true`). Each is one transaction."""

    def current_etag(self, instance):
        """The ETag a GET of the detail answers, whatever serializer the action writes with."""
        context = self.get_serializer_context()
        return representation_etag(self.serializer_class(instance, context=context))

    def stale_write(self, request):
        """A 412 answer when If-Match names a version other than the current one; None when
        it names the current one, or when it is left out (unless `API_REQUIRE_IF_MATCH`)."""
        header = request.headers.get("If-Match")
        if header is None:
            if settings.API_REQUIRE_IF_MATCH:
                return Response(
                    {"detail": "Send If-Match with the ETag of your last read of this record."},
                    status=status.HTTP_428_PRECONDITION_REQUIRED,
                )
            return None
        instance = self.get_object()
        # Held to the end of the transaction: a concurrent write waits, then sees this one.
        list(type(instance)._base_manager.select_for_update().filter(pk=instance.pk).values("pk"))
        current = self.current_etag(self.get_object())
        if if_match_passes(header, current):
            return None
        return Response(
            {
                "detail": "The record changed since you read it (If-Match names an older "
                "version). Read it again, then make your change to the current version."
            },
            status=status.HTTP_412_PRECONDITION_FAILED,
            headers={"ETag": current},
        )

    @extend_schema(parameters=[IF_MATCH])
    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            if (stale := self.stale_write(request)) is not None:
                return stale
            response = super().update(request, *args, **kwargs)
            # Read again as a GET reads it (the lookup field may have changed).
            written = self.get_queryset().get(pk=self.written.pk)
            response["ETag"] = self.current_etag(written)
        return response

    def perform_update(self, serializer):
        super().perform_update(serializer)
        self.written = serializer.instance

    @extend_schema(parameters=[IF_MATCH])
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(
        parameters=[IF_MATCH, CASCADE],
        responses={
            204: None,
            412: STALE,
        },
    )
    def destroy(self, request, *args, **kwargs):
        cascade = self.cascade_asked(request)
        with transaction.atomic():
            if (stale := self.stale_write(request)) is not None:
                return stale
            delete_with_dependants(self.get_object(), cascade=cascade, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def cascade_asked(self, request):
        try:
            return serializers.BooleanField().to_internal_value(
                request.query_params.get("cascade", "false")
            )
        except ValidationError as error:
            raise ValidationError({"cascade": ["Use true or false."]}) from error


class ReadWriteViewSet(ConditionalWritesMixin, TrackerViewSetMixin, viewsets.ModelViewSet):
    pass


class ReadOnlyViewSet(TrackerViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
