"""Every API error is JSON: DRF's handler for the views, Django's error views under /api/."""

from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from django.views import defaults
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from .. import exports
from ..deletion import DeletionRefused
from .renderers import JSONRenderer

API_PREFIX = "/api/"


def is_api(request):
    return request.path_info.startswith(API_PREFIX)


def api_exception_handler(exc, context):
    """DRF's handler, plus a 409 where the database refuses a write that validation let by,
    or a deletion would take rows that depend on the record (named in `dependants`); the
    answer is JSON whatever the client asked for (the browsable API and CSV are for data)."""
    if isinstance(exc, DeletionRefused):
        set_rollback()
        detail = exc.message
        if not exc.protected:
            detail += " Send ?cascade=true to delete them with it."
        response = Response(
            {"detail": detail, "dependants": exc.dependants}, status=status.HTTP_409_CONFLICT
        )
    elif isinstance(exc, ProtectedError | RestrictedError):
        referring = (
            exc.protected_objects if isinstance(exc, ProtectedError) else (exc.restricted_objects)
        )
        blocking = sorted({str(obj._meta.verbose_name_plural) for obj in referring})
        set_rollback()
        response = Response(
            {"detail": f"Still referenced by {', '.join(blocking)}; remove those first."},
            status=status.HTTP_409_CONFLICT,
        )
    elif isinstance(exc, IntegrityError):
        set_rollback()
        response = Response(
            {"detail": "The change conflicts with existing data and was not saved."},
            status=status.HTTP_409_CONFLICT,
        )
    else:
        response = exception_handler(exc, context)
    if response is not None:
        request = context["request"]
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    return response


def json_error(status_code, detail, **headers):
    return JsonResponse({"detail": detail}, status=status_code, headers=headers)


# Django's own error views (config/urls.py), for what fails outside DRF's views: JSON under
# /api/, Django's pages elsewhere.


def bad_request(request, exception):
    if is_api(request):
        return json_error(400, "Bad request.")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        return json_error(403, "You do not have permission to perform this action.")
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return json_error(404, "Not found.")
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return json_error(500, "Server error: the request was not carried out.")
    return defaults.server_error(request)


class TooManyRowsForCSV(APIException):
    """A list longer than `CSV_MAX_ROWS` asked for as a CSV: refused before any row is sent,
    with the limit, the row count and how to ask for its background export."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "too_many_rows"

    def __init__(self, rows, export):
        self.detail = {
            "detail": exports.row_limit_message(rows),
            "limit": exports.row_limit(),
            "rows": rows,
            "export": export,
        }


class NearDuplicateSource(APIException):
    """A source that looks like one already entered (`core.sources`): refused with the
    matches, unless the write says `?allow_duplicate=true`."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "near_duplicate"

    def __init__(self, matches):
        self.detail = {
            "detail": "This looks like a source already entered (the same address, or the same "
            "publisher and title up to case and punctuation); cite that one, or send "
            "?allow_duplicate=true to save it anyway.",
            "duplicates": [
                {
                    "id": source.pk,
                    "publisher": source.publisher,
                    "title": source.title,
                    "link": source.url or None,
                }
                for source in matches
            ],
        }
