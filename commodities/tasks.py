"""Celery tasks that refresh trade flows.

Without REDIS_URL they run in the calling process; with it, on `celery -A config worker`,
beat queueing `refresh_active_negotiations` nightly. Delivery is at least once (acks_late):
a task redelivered after its worker died runs again, and since a refresh is one transaction
and an idempotent upsert, the rows end as one run leaves them.
"""

import logging

from celery import shared_task
from django.conf import settings

from negotiations.models import Negotiation

from .connectors import FileConnector, FileQuery, SeriesQuery, connector_for
from .ingest import SeriesBusy, plan_negotiation, refresh_series

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


@shared_task(bind=True, acks_late=True)
def refresh_trade_flows(
    self,
    negotiation_id=None,
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
    """Refresh one series (source, reporter, partner, codes, years), or a whole negotiation.

    With only `negotiation_id`, one task per series of the negotiation is queued (run at once
    without a broker): its parties pairwise, the HS codes its measures and concessions touch.
    Economies are given by ISO alpha-3 code. With source "file", the CSV at `path` is loaded
    (the bundled sample without a path).
    """
    if source == FileConnector.source:
        query = FileQuery(path=path) if path else FileQuery.sample()
    elif reporter is None:
        if negotiation_id is None:
            raise ValueError("give a negotiation, or a reporter, partner, codes and years")
        return refresh_negotiation(negotiation_id)
    else:
        query = SeriesQuery(
            reporter=reporter,
            partner=partner,
            codes=tuple(codes or ()),
            years=tuple(int(year) for year in years or ()),
            frequency=frequency,
            flows=tuple(flows),
        )
    negotiation = Negotiation.objects.filter(pk=negotiation_id).first() if negotiation_id else None
    connector = connector_for(source)
    return run_or_defer(
        self,
        lambda: refresh_series(
            connector, query, task_id=self.request.id or "", negotiation=negotiation
        ),
    )


def refresh_negotiation(negotiation_id) -> list:
    negotiation = Negotiation.objects.filter(pk=negotiation_id).first()
    if negotiation is None:
        logger.warning("Negotiation %s no longer exists; nothing to refresh", negotiation_id)
        return []
    plans = plan_negotiation(negotiation)
    if not plans:
        logger.info("%s touches no HS code; nothing to refresh", negotiation)
    queued = []
    for plan in plans:
        parameters = plan.query.as_parameters()
        result = refresh_trade_flows.apply_async(
            kwargs={"negotiation_id": negotiation.pk, "source": plan.source, **parameters}
        )
        queued.append({"task": result.id, "source": plan.source, **parameters})
    return queued


@shared_task(acks_late=True)
def refresh_active_negotiations():
    """What beat runs: a refresh of every active negotiation."""
    ids = list(
        Negotiation.objects.filter(status=Negotiation.Status.ACTIVE).values_list("pk", flat=True)
    )
    for negotiation_id in ids:
        refresh_trade_flows.delay(negotiation_id=negotiation_id)
    return ids
