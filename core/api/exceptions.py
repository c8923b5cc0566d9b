from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from .. import exports
from ..deletion import DeletionRefused


def api_exception_handler(exc, context):
    """DRF's handler, plus a 409 where the database refuses a write that validation let by,
    or a deletion would take rows that depend on the record (named in `dependants`)."""
    if isinstance(exc, DeletionRefused):
        set_rollback()
        detail = exc.message
        if not exc.protected:
            detail += " Send ?cascade=true to delete them with it."
        return Response(
            {"detail": detail, "dependants": exc.dependants}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, ProtectedError | RestrictedError):
        referring = (
            exc.protected_objects if isinstance(exc, ProtectedError) else (exc.restricted_objects)
        )
        blocking = sorted({str(obj._meta.verbose_name_plural) for obj in referring})
        set_rollback()
        return Response(
            {"detail": f"Still referenced by {', '.join(blocking)}; remove those first."},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, IntegrityError):
        set_rollback()
        return Response(
            {"detail": "The change conflicts with existing data and was not saved."},
            status=status.HTTP_409_CONFLICT,
        )
    return exception_handler(exc, context)


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
