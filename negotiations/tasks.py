"""Celery tasks that refresh a negotiation's trade data, and beat's nightly pass.

A negotiation's refresh plans its series (`negotiations.refresh`) and queues one task per
series; each run is linked to the negotiation, so that "last refreshed" can be asked of it.
"""

import logging

from celery import shared_task

from commodities.connectors import connector_for
from commodities.ingest import refresh_series
from commodities.tasks import run_or_defer, series_query

from .models import Negotiation
from .refresh import plan_negotiation

logger = logging.getLogger("negotiations.tasks")


@shared_task(bind=True, acks_late=True)
def refresh_negotiation_trade(self, negotiation_id):
    """Queue one task per series of the negotiation (run at once without a broker)."""
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
        result = refresh_negotiation_series.apply_async(
            kwargs={"negotiation_id": negotiation.pk, "source": plan.source, **parameters}
        )
        queued.append({"task": result.id, "source": plan.source, **parameters})
    return queued


@shared_task(bind=True, acks_late=True)
def refresh_negotiation_series(self, negotiation_id, *, source, **series):
    """Refresh one series planned for a negotiation; the run is linked to the negotiation."""
    negotiation = Negotiation.objects.filter(pk=negotiation_id).first()
    query = series_query(source=source, **series)
    connector = connector_for(source)

    def link(run):
        if negotiation is not None:
            negotiation.refresh_runs.add(run)

    return run_or_defer(
        self,
        lambda: refresh_series(connector, query, task_id=self.request.id or "", on_start=link),
    )


@shared_task(acks_late=True)
def refresh_active_negotiations():
    """What beat runs: a refresh of every active negotiation."""
    ids = list(
        Negotiation.objects.filter(status=Negotiation.Status.ACTIVE).values_list("pk", flat=True)
    )
    for negotiation_id in ids:
        refresh_negotiation_trade.delay(negotiation_id)
    return ids
