"""A real worker computes the negotiations' effective rates into the cache the pages read."""

import datetime as dt
import uuid

import pytest
from celery import Celery
from django.core.cache import caches
from django.test import override_settings

from core.models import Economy
from negotiations.models import Negotiation
from tariffs.engine.rate_cache import is_cached

from ..demo_data import copy_demo
from .test_worker import broker, celery_worker, wait_for, worker_environment  # noqa: F401

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_worker_computes_the_rates_the_negotiation_pages_show(
    broker,  # noqa: F811
    postgres,
    loopback,
    tmp_path,
):
    copy_demo()
    negotiation = Negotiation.objects.get(slug="japan-united-states-2025")
    usa, japan = Economy.objects.get(iso3="USA"), Economy.objects.get(iso3="JPN")
    before_on = negotiation.started_on - dt.timedelta(days=1)
    as_of = negotiation.as_of()
    # The glance's two months, and the rate page's series (January of the first year to the
    # day the record stops), for US duties on Japanese goods.
    wanted = [
        (before_on, before_on),
        (as_of, as_of),
        (dt.date(negotiation.started_on.year, 1, 1), as_of),
    ]
    worker_cache = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": broker}}
    with override_settings(CACHES=worker_cache):
        caches["default"].clear()
        assert not any(is_cached(usa, japan, *dates) for dates in wanted)
        queue = f"workers-test-{uuid.uuid4().hex[:12]}"
        with celery_worker(worker_environment(broker, loopback), queue, "rates", tmp_path) as w:
            client = Celery("tests", broker=broker)
            try:
                client.send_task("negotiations.tasks.refresh_effective_rates", queue=queue)
            finally:
                client.close()
            wait_for(
                lambda: all(is_cached(usa, japan, *dates) for dates in wanted),
                w,
                "the effective rates in the cache",
            )
        caches["default"].clear()
