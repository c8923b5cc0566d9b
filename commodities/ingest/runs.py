"""Runs: fetch and write one series under its lock, all or nothing, every run recorded."""

import logging
from collections.abc import Callable

from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from ..connectors import RefreshError
from ..connectors.base import Connector
from ..models import RefreshRun
from .locks import series_lock
from .resolve import resolve_flows
from .upsert import UpsertResult, upsert_trade_flows

logger = logging.getLogger("commodities.ingest")


def close_interrupted_runs(series: str) -> None:
    """Mark failed the runs of `series` left running: whoever holds the lock knows they died."""
    now = timezone.now()
    for run in RefreshRun.objects.filter(series=series, status=RefreshRun.Status.RUNNING):
        run.status = RefreshRun.Status.FAILED
        run.finished_at = max(now, run.started_at)
        run.error = (
            "interrupted: the run stopped before it finished (worker lost); "
            "nothing it fetched was written"
        )
        run.save(update_fields=["status", "finished_at", "error"])
        logger.warning("Run %s of %s was interrupted; marked failed", run.pk, series)


OnStart = Callable[[RefreshRun], None]


def run_refresh(
    connector: Connector, query, write, *, task_id="", on_start: OnStart | None = None
) -> RefreshRun:
    """Fetch `query` with `connector` and `write` the records, under the series lock.

    `write(records, fetched_at, heartbeat)` returns an UpsertResult and runs in one
    transaction. `on_start(run)` is called once the run is recorded, before anything is
    fetched (a caller links the run to what asked for it). Raises SeriesBusy, before recording
    anything, if the series is being refreshed; any other failure is recorded in the run.
    """
    series = connector.series(query)
    with series_lock(series) as lock:
        close_interrupted_runs(series)
        run = RefreshRun.objects.create(
            source=connector.source,
            series=series,
            parameters=connector.parameters(query),
            task_id=task_id or "",
            started_at=timezone.now(),
        )
        if on_start is not None:
            on_start(run)
        logger.info("Run %s: refreshing %s with %s", run.pk, series, run.parameters)
        try:
            records = connector.fetch(query, heartbeat=lock.keep_alive)
            if connector.remote:
                records = list(records)
            lock.keep_alive()
            with transaction.atomic():
                result = write(records, timezone.now(), lock.keep_alive)
        except RefreshError as error:
            return finish(run, error=str(error) or type(error).__name__)
        except (IntegrityError, DataError) as error:
            return finish(run, error=f"the database refused the rows: {error}".strip())
        except Exception as error:
            try:
                finish(run, error=f"unexpected {type(error).__name__}: {error}")
            except Exception:
                logger.exception("Run %s: could not record the failure", run.pk)
            raise
        return finish(run, result=result)


def finish(run: RefreshRun, *, result: UpsertResult | None = None, error: str = "") -> RefreshRun:
    run.finished_at = max(timezone.now(), run.started_at)
    seconds = (run.finished_at - run.started_at).total_seconds()
    if error:
        run.status = RefreshRun.Status.FAILED
        run.error = error
        logger.warning("Run %s (%s) failed after %.1f s: %s", run.pk, run.series, seconds, error)
    else:
        run.status = RefreshRun.Status.SUCCEEDED
        run.rows_inserted = result.inserted
        run.rows_updated = result.updated
        run.rows_unchanged = result.unchanged
        logger.info(
            "Run %s (%s) succeeded in %.1f s: %d inserted, %d updated, %d unchanged",
            run.pk,
            run.series,
            seconds,
            result.inserted,
            result.updated,
            result.unchanged,
        )
    run.save()
    return run


def refresh_series(
    connector: Connector, query, *, task_id="", on_start: OnStart | None = None
) -> RefreshRun:
    """Refresh trade flows: fetch, resolve and upsert one series as one recorded run."""
    source = connector.flow_source(query)

    def write(records, fetched_at, heartbeat):
        rows = resolve_flows(records, connector.reporter_key, connector.partner_key)
        return upsert_trade_flows(rows, source, fetched_at, heartbeat=heartbeat)

    return run_refresh(connector, query, write, task_id=task_id, on_start=on_start)


def last_refreshed(source=None):
    """When the latest successful run (of `source`) finished; None if never.

    This is the "last refreshed" the pages and the API show; a negotiation's own is
    `Negotiation.last_refreshed`.
    """
    return RefreshRun.objects.last_refreshed(source=source)
