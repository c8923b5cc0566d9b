"""Background exports: the whole CSV of an API list, however long, and their clean-up.

Without REDIS_URL the task runs in the process that asks for it (once the request that
created the export commits); with it, on `celery -A config worker`. The list is run as a GET
of its path by the user who asked would run it (`core.api.lists`), and written by the same
neutralising CSV renderer; the file is attached only once every row is written, so a failed
export is marked failed and has no file. Delivery is at least once (acks_late): an export
whose worker died runs again from the start.
"""

import logging
import tempfile

import kombu.exceptions
import redis.exceptions
from celery import shared_task
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from .api.lists import list_queryset, list_view
from .models import Export

logger = logging.getLogger("core.tasks")

QUEUE_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.ConnectionError)


def queue_export(export):
    """Queue the export once the transaction that created it commits; should the queue be
    unreachable, the export is marked failed with the reason."""

    def send():
        try:
            run_export.delay(str(export.pk))
        except QUEUE_ERRORS as error:
            logger.warning("Could not queue export %s: %s", export.pk, error)
            Export.objects.filter(pk=export.pk).update(
                status=Export.Status.FAILED,
                error=f"Could not be queued: the task queue is unreachable ({error}).",
                finished_at=timezone.now(),
            )

    transaction.on_commit(send)


def write_list(export, out):
    """Write the CSV of the export's list to `out` (binary); the number of rows written."""
    view = list_view(export.path, export.requested_by)
    queryset = list_queryset(view)
    lines = 0
    # One read in one transaction: the rows of one moment, however long the writing takes.
    with transaction.atomic():
        # The renderer yields one chunk per line of the table: the header, then each item.
        for chunk in view.csv_chunks(queryset):
            out.write(chunk)
            lines += 1
    return view.csv_filename(), lines - 1


def describe(error):
    detail = getattr(error, "detail", None)
    return f"{type(error).__name__}: {detail if detail is not None else error}"


@shared_task(acks_late=True)
def run_export(key):
    """Write the export's file; its number of rows, or None if it failed or is gone."""
    export = Export.objects.select_related("requested_by").filter(pk=key).first()
    if export is None or export.is_done:
        return export.rows if export else None
    Export.objects.filter(pk=key).update(
        status=Export.Status.RUNNING, started_at=timezone.now(), error=""
    )
    try:
        with tempfile.TemporaryFile() as scratch:
            filename, rows = write_list(export, scratch)
            scratch.seek(0)
            export.file.save(filename, File(scratch, name=filename), save=False)
        try:
            Export.objects.filter(pk=key).update(
                status=Export.Status.DONE,
                rows=rows,
                file=export.file.name,
                finished_at=timezone.now(),
            )
        except Exception:
            export.file.delete(save=False)
            raise
    except Exception as error:
        logger.exception("Export %s of %s failed", key, export.path)
        Export.objects.filter(pk=key).update(
            status=Export.Status.FAILED,
            rows=None,
            file="",
            error=describe(error)[:2000],
            finished_at=timezone.now(),
        )
        return None
    logger.info("Export %s of %s: %d rows", key, export.path, rows)
    return rows


def delete_expired_exports(now=None):
    """Delete the exports older than `EXPORT_KEEP_DAYS`, and their files; how many."""
    _, deleted = Export.objects.expired(now).delete()
    return deleted.get(Export._meta.label, 0)


@shared_task(acks_late=True)
def delete_old_exports():
    """What beat runs daily: delete the exports past their keeping time."""
    deleted = delete_expired_exports()
    logger.info("Deleted %d old exports", deleted)
    return deleted
