"""After a change to the duty data commits, queue the effective rates' refresh."""

from django.db import transaction

from core.models import data_changed

from .tasks import queue_rate_refresh


def on_data_changed(sender, duties, **kwargs):
    if duties:
        transaction.on_commit(queue_rate_refresh)


def connect():
    data_changed.connect(on_data_changed, dispatch_uid="negotiations.rates_on_data_changed")
