"""Celery task that brings in recent Federal Register documents about tariffs.

Each new document becomes a pending update that an editor reviews in the admin and links to
a measure; no measure changes without that review.
"""

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from commodities.tasks import run_or_defer

from .federal_register import FederalRegisterConnector, NoticeQuery
from .notices import refresh_notices


@shared_task(bind=True, acks_late=True)
def refresh_tariff_notices(self, since=None):
    """Fetch documents published since `since` (ISO date; default: the lookback setting)."""
    since_date = (
        dt.date.fromisoformat(since)
        if since
        else timezone.localdate() - dt.timedelta(days=settings.FEDERAL_REGISTER_LOOKBACK_DAYS)
    )
    query = NoticeQuery(since=since_date, term=settings.FEDERAL_REGISTER_TERM)
    connector = FederalRegisterConnector.from_settings()
    return run_or_defer(
        self, lambda: refresh_notices(connector, query, task_id=self.request.id or "")
    )
