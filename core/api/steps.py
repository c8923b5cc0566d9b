"""Steps, not histories: one dated row appended to a record's history as its own resource
under the record (a concession's status step, a measure's change or scope line).

`GET .../{id}/<steps>/` lists the rows in the order the detail gives them; `POST` appends one,
checked by the same rules as the full nested write (the child serializer it already uses,
and the model's `full_clean()` with the parent set, so its unique constraints count the rows
already there). The POST honours If-Match on the parent as the detail's writes do, and its
201 carries the parent's new ETag, so that a client can chain steps, and the parent's address
in Location. The full nested write stays for clients that send everything.
"""

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.reverse import reverse

from .permissions import StepPermissions
from .viewsets import IF_MATCH


class AppendedStep:
    """A child serializer that writes one row under `context["parent"]`: the model's rules
    are checked with the parent set, its unique constraints against the rows already there."""

    parent_field = None

    def validate(self, attrs):
        return super().validate({**attrs, self.parent_field: self.context["parent"]})

    def written_model_fields(self):
        return {**super().written_model_fields(), self.parent_field: self.parent_field}


def step_serializer(child_serializer, parent_field):
    """The serializer of one step: `child_serializer` (the nested write's) under its parent."""
    name = child_serializer.__name__.replace("Serializer", "StepSerializer")
    return type(name, (AppendedStep, child_serializer), {"parent_field": parent_field})


class StepKind:
    """A kind of step: the key of its rows to the parent, the queryset that reads them with
    what the serializer shows, and the serializer that writes one."""

    def __init__(self, parent_field, rows, child_serializer):
        self.parent_field = parent_field
        self.rows = rows
        self.serializer_class = step_serializer(child_serializer, parent_field)

    def rows_of(self, parent):
        return self.rows.filter(**{self.parent_field: parent})


ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[201],
    description="The parent's new ETag: send it in If-Match with the next step.",
)
LOCATION = OpenApiParameter(
    "Location",
    OpenApiTypes.URI,
    OpenApiParameter.HEADER,
    response=[201],
    description="The parent's address.",
)


def steps_action(name, parent_field, rows, child_serializer, what):
    """GET and POST of one kind of step under a viewset's detail, as its action `name`
    (at `name` with dashes): `rows` read the steps, each keyed to the parent by
    `parent_field`; `child_serializer` is the one the parent's nested write uses; `what`
    names them in the schema ("the concession's status steps")."""
    kind = StepKind(parent_field, rows, child_serializer)
    serializer = kind.serializer_class

    def handler(self, request, *args, **kwargs):
        if request.method == "POST":
            return append_step(self, request, kind)
        return list_steps(self, kind)

    handler.__name__ = name
    handler.step_kind = kind
    handler = action(
        detail=True,
        methods=["get", "post"],
        url_path=name.replace("_", "-"),
        permission_classes=[StepPermissions],
        filter_backends=[],
        pagination_class=None,
        honours_if_match_on_post=True,
    )(handler)
    handler = extend_schema(
        methods=["GET"],
        description=f"{what.capitalize()}, in order.",
        responses=serializer(many=True),
    )(handler)
    return extend_schema(
        methods=["POST"],
        description=f"Append one of {what}, checked as the full write checks it; If-Match "
        "names the parent's ETag.",
        parameters=[IF_MATCH, ETAG, LOCATION],
        request=serializer,
        responses={201: OpenApiResponse(serializer, description="The step, appended.")},
    )(handler)


class StepsMixin:
    """For a viewset with `steps_action`s: each writes with its own serializer, and a step's
    If-Match is the parent's ETag, as the detail's GET answers it."""

    honours_if_match_on_post = False

    def step_kind(self):
        handler = getattr(self, self.action, None) if self.action else None
        return getattr(handler, "step_kind", None)

    def get_serializer_class(self):
        kind = self.step_kind()
        return kind.serializer_class if kind else super().get_serializer_class()


def list_steps(view, kind):
    lookup = view.lookup_url_kwarg or view.lookup_field
    model = view.get_queryset().model
    parent = get_object_or_404(
        model._default_manager.only("pk"), **{view.lookup_field: view.kwargs[lookup]}
    )
    view.check_object_permissions(view.request, parent)
    return Response(view.get_serializer(kind.rows_of(parent), many=True).data)


def append_step(view, request, kind):
    with transaction.atomic():
        if (stale := view.stale_write(request)) is not None:
            return stale
        parent = view.get_object()
        context = {**view.get_serializer_context(), "parent": parent}
        serializer = kind.serializer_class(data=request.data, context=context)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        etag = view.current_etag(view.get_queryset().get(pk=parent.pk))
    location = reverse(
        f"api:{view.basename}-detail",
        kwargs={view.lookup_url_kwarg or view.lookup_field: getattr(parent, view.lookup_field)},
        request=request,
    )
    return Response(
        serializer.data,
        status=status.HTTP_201_CREATED,
        headers={"ETag": etag, "Location": location},
    )
