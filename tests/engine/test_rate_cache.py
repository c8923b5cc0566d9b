"""The effective rate is computed once per version of the duty data: read back until
nomenclature, flows, schedules or measures change, whatever else is edited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache

from negotiations.models import Negotiation, Round
from negotiations.tasks import queue_rate_refresh
from tariffs.engine.rate_cache import effective_rate, is_cached
from tariffs.engine.rates import effective_tariff_rate
from tariffs.models import MeasureChange

START, END = dt.date(2025, 1, 1), dt.date(2026, 2, 28)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def figures(answer):
    return [(m.month, m.rate, m.duty_usd, m.not_computable_share) for m in answer.months]


def test_the_second_ask_reads_the_first_answer_back(usa, japan, django_assert_num_queries):
    first = effective_rate(usa, japan, START, END)
    assert figures(first) == figures(effective_tariff_rate(usa, japan, START, END))
    assert len(first.months) == 14
    assert is_cached(usa, japan, START, END)
    with django_assert_num_queries(1):  # the duty data's version
        again = effective_rate(usa, japan, START, END)
    assert figures(again) == figures(first)
    assert again.importer is usa and again.exporter is japan


def test_an_edit_outside_the_duty_data_keeps_it(usa, japan, django_assert_num_queries):
    effective_rate(usa, japan, START, END)
    Round.objects.filter(pk=Round.objects.first().pk).first().save()
    with django_assert_num_queries(1):
        effective_rate(usa, japan, START, END)


def test_a_change_to_a_measure_computes_it_again(usa, japan):
    before = effective_rate(usa, japan, START, END)
    # Every ad valorem step of the US measures raised by 10 points: the rates move.
    steps = MeasureChange.objects.filter(measure__issuer=usa, ad_valorem_rate__isnull=False)
    for step in steps:
        step.ad_valorem_rate += Decimal("10")
        step.save()
    assert not is_cached(usa, japan, START, END)
    after = effective_rate(usa, japan, START, END)
    assert figures(after) == figures(effective_tariff_rate(usa, japan, START, END))
    assert figures(after) != figures(before)


def test_a_change_to_the_duty_data_queues_the_refresh_after_commit(
    usa, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        Negotiation.objects.first().save()
    assert queue_rate_refresh not in callbacks
    with django_capture_on_commit_callbacks() as callbacks:
        step = MeasureChange.objects.filter(measure__issuer=usa).first()
        step.save()
        step.save()
    assert callbacks.count(queue_rate_refresh) == 2
    # Without a worker (tasks in process) nothing is queued: the first reader computes.
    assert [callback() for callback in callbacks] == [False, False]
