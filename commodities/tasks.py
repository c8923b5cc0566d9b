"""Celery tasks that refresh trade flows, one series at a time.

Without REDIS_URL they run in the calling process; with it, on `celery -A config worker`.
A negotiation's refresh (`negotiations.tasks`) queues one of these per series. Delivery is at
least once (acks_late): a task redelivered after its worker died runs again, and since a
refresh is one transaction and an idempotent upsert, the rows end as one run leaves them.
"""

import logging

from celery import shared_task
from django.conf import settings

from .connectors import FileConnector, FileQuery, SeriesQuery, connector_for
from .ingest import SeriesBusy, refresh_series

logger = logging.getLogger("commodities.tasks")


def run_summary(run) -> dict:
    return {
        "run": run.pk,
        "source": run.source,
        "series": run.series,
        "status": run.status,
        "rows_inserted": run.rows_inserted,
        "rows_updated": run.rows_updated,
        "rows_unchanged": run.rows_unchanged,
        "error": run.error,
    }


def run_or_defer(task, refresh):
    """Run `refresh()`; if its series is busy, queue the task again later.

    In process (no broker) there is no later: the refresh is skipped, since the run holding
    the series is fetching the same data.
    """
    try:
        return run_summary(refresh())
    except SeriesBusy as busy:
        if task.request.is_eager:
            logger.info("%s; skipped", busy)
            return {"status": "busy", "series": busy.series}
        logger.info("%s; trying again in %g s", busy, settings.TRADE_REFRESH_BUSY_RETRY_DELAY)
        raise task.retry(
            exc=busy,
            countdown=settings.TRADE_REFRESH_BUSY_RETRY_DELAY,
            max_retries=settings.TRADE_REFRESH_BUSY_MAX_RETRIES,
        ) from None


def series_query(
    *,
    source="comtrade",
    reporter=None,
    partner=None,
    codes=None,
    years=None,
    frequency="A",
    flows=("M", "X"),
    path=None,
):
    """The query of one series from a task's keyword arguments (economies by ISO alpha-3)."""
    if source == FileConnector.source:
        return FileQuery(path=path) if path else FileQuery.sample()
    if reporter is None or partner is None:
        raise ValueError("give a reporter, partner, codes and years (or a file)")
    return SeriesQuery(
        reporter=reporter,
        partner=partner,
        codes=tuple(codes or ()),
        years=tuple(int(year) for year in years or ()),
        frequency=frequency,
        flows=tuple(flows),
    )


@shared_task(bind=True, acks_late=True)
def refresh_trade_flows(self, *, source="comtrade", **series):
    """Refresh one series: `source` between `reporter` and `partner` (ISO alpha-3), in `codes`
    over `years`; with source "file", the CSV at `path` (the bundled sample without a path).
    """
    query = series_query(source=source, **series)
    connector = connector_for(source)
    return run_or_defer(
        self, lambda: refresh_series(connector, query, task_id=self.request.id or "")
    )
