"""Celery tasks that refresh a negotiation's trade data, and beat's nightly pass.

A negotiation's refresh plans its series (`negotiations.refresh`) and queues one task per
series; each run is linked to the negotiation, so that "last refreshed" can be asked of it.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from kombu.exceptions import OperationalError

from commodities.connectors import connector_for
from commodities.ingest import refresh_series
from commodities.tasks import run_or_defer, series_query

from .glance import warm_rates
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


# Set while a refresh of the effective rates is queued and not yet started: the writes of one
# edit or import queue one refresh, not one each.
RATES_QUEUED = "effective-rate:refresh-queued"


@shared_task(acks_late=True)
def refresh_effective_rates():
    """Compute again, for the current duty data, the effective rates every negotiation's
    pages show, so that no reader waits for them after a change. The pairs computed."""
    cache.delete(RATES_QUEUED)
    pairs = 0
    for negotiation in Negotiation.objects.order_by("pk"):
        pairs += warm_rates(negotiation)
    logger.info("Effective rates computed for %d pairs of parties", pairs)
    return pairs


def queue_rate_refresh():
    """Queue `refresh_effective_rates` once, a moment from now, when a worker runs tasks. In
    process (no broker) nothing is queued: a page computes its rates when first asked."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return False
    if not cache.add(RATES_QUEUED, True, timeout=settings.EFFECTIVE_RATE_REFRESH_DELAY * 10):
        return False
    try:
        refresh_effective_rates.apply_async(countdown=settings.EFFECTIVE_RATE_REFRESH_DELAY)
    except OperationalError as error:
        cache.delete(RATES_QUEUED)
        logger.warning("Could not queue the effective rates' refresh: %s", error)
        return False
    return True
