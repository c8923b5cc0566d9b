"""Every remote source: rate limits, server errors and timeouts are retried; bad answers fail
the run with a clear reason and write nothing."""

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from commodities.connectors import (
    CensusConnector,
    ComtradeConnector,
    SeriesQuery,
)
from commodities.connectors.http import backoff_delay, retry_after_seconds
from commodities.ingest import refresh_series
from commodities.models import TradeFlow
from tariffs.federal_register import FederalRegisterConnector, NoticeQuery
from tariffs.models import PendingUpdate
from tariffs.notices import refresh_notices

from .conftest import (
    CENSUS_IMPORTS,
    COMTRADE_ANNUAL,
    FEDERAL_REGISTER,
    Arrivals,
    recorded,
    respond,
    slow,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Source:
    name: str
    path: str
    good: str  # a recorded answer that takes one request
    rows: int  # what it stores
    rate_limited: str  # the body of the source's 429
    missing_field: str  # the reason given for the recorded answer that lacks a field
    wrong_type: str  # the reason given for the one with a value of the wrong type
    refresh: Callable

    def __str__(self):
        return self.name

    def folder(self, name):
        return recorded(f"{self.name}/{name}.json")

    def written(self):
        model = PendingUpdate if self.name == "federal_register" else TradeFlow
        return model.objects.count()


SOURCES = [
    Source(
        name="comtrade",
        path=COMTRADE_ANNUAL,
        good="comtrade/preview_annual_2024.json",
        rows=2,
        rate_limited=recorded("comtrade/rate_limited.json"),
        missing_field="record 1: field 'primaryValue' is missing",
        wrong_type="record 1: field 'primaryValue' should be a number, got str '25501234567.25'",
        refresh=lambda: refresh_series(
            ComtradeConnector.from_settings(),
            SeriesQuery("USA", "JPN", ("870323", "870324"), (2024,)),
        ),
    ),
    Source(
        name="census",
        path=CENSUS_IMPORTS,
        good="census/imports_870323.json",
        rows=3,
        rate_limited="Too Many Requests",
        missing_field="column(s) GEN_VAL_MO missing",
        wrong_type="row 1: field 'GEN_VAL_MO' should be a string, got int 2104817512",
        refresh=lambda: refresh_series(
            CensusConnector.from_settings(),
            SeriesQuery("USA", "JPN", ("870323",), (2024,), frequency="M", flows=("M",)),
        ),
    ),
    Source(
        name="federal_register",
        path=FEDERAL_REGISTER,
        good="federal_register/single_page.json",
        rows=1,
        rate_limited='{"status": 429, "message": "Too many requests"}',
        missing_field="result 1: field 'document_number' is missing",
        wrong_type="result 1: field 'publication_date' should be a string, got int 20250403",
        refresh=lambda: refresh_notices(
            FederalRegisterConnector.from_settings(), NoticeQuery(since=dt.date(2025, 3, 1))
        ),
    ),
]

each_source = pytest.mark.parametrize("source", SOURCES, ids=str)


@pytest.fixture(autouse=True)
def setup(parties):
    return parties


@each_source
def test_a_429_is_retried_after_the_wait_it_asks_for(sources, source):
    answers = Arrivals(
        respond(source.rate_limited, status=429, headers={"Retry-After": "1"}),
        respond(recorded(source.good)),
    )
    sources.expect_request(source.path).respond_with_handler(answers)
    run = source.refresh()
    assert (run.status, source.written()) == ("succeeded", source.rows)
    assert len(answers.times) == 2
    assert answers.times[1] - answers.times[0] >= 1.0


@each_source
def test_a_429_asking_for_a_longer_wait_than_a_run_may_take_fails_at_once(sources, source):
    sources.expect_request(source.path).respond_with_response(
        respond(source.rate_limited, status=429, headers={"Retry-After": "3600"})
    )
    run = source.refresh()
    assert run.status == "failed" and "asks to wait 3600 s" in run.error
    assert len(sources.log) == 1


@each_source
def test_a_server_error_is_retried_and_the_run_then_succeeds(sources, source):
    answers = Arrivals(respond("upstream unavailable", status=500), respond(recorded(source.good)))
    sources.expect_request(source.path).respond_with_handler(answers)
    run = source.refresh()
    assert (run.status, run.rows_inserted, len(answers.times)) == ("succeeded", source.rows, 2)


@each_source
def test_a_timeout_is_retried_and_the_run_then_succeeds(sources, source, settings):
    settings.CONNECTOR_READ_TIMEOUT = 0.5
    good = respond(recorded(source.good))
    answers = Arrivals(slow(2.0, good), good)
    sources.expect_request(source.path).respond_with_handler(answers)
    run = source.refresh()
    assert (run.status, run.rows_inserted, len(answers.times)) == ("succeeded", source.rows, 2)


@each_source
def test_server_errors_up_to_the_limit_fail_the_run_with_the_reason(sources, source):
    sources.expect_request(source.path).respond_with_response(
        respond("upstream unavailable", status=503)
    )
    run = source.refresh()
    assert run.status == "failed"
    assert run.error.endswith("failed after 3 attempts: HTTP 503: upstream unavailable")
    assert (len(sources.log), source.written()) == (3, 0)


@each_source
def test_timeouts_up_to_the_limit_fail_the_run_with_the_reason(sources, source, settings):
    settings.CONNECTOR_READ_TIMEOUT = 0.3
    sources.expect_request(source.path).respond_with_handler(
        slow(2.0, respond(recorded(source.good)))
    )
    run = source.refresh()
    assert run.status == "failed"
    assert run.error.endswith("failed after 3 attempts: timed out after 0.3 s")
    assert source.written() == 0


@each_source
def test_malformed_json_fails_the_run_and_writes_nothing(sources, source):
    sources.expect_request(source.path).respond_with_data(source.folder("malformed"))
    run = source.refresh()
    assert run.status == "failed"
    assert "returned malformed JSON" in run.error
    assert source.written() == 0


@each_source
def test_a_missing_field_fails_the_run_with_a_clear_message(sources, source):
    sources.expect_request(source.path).respond_with_data(source.folder("missing_field"))
    run = source.refresh()
    assert run.status == "failed" and source.missing_field in run.error
    assert source.written() == 0


@each_source
def test_a_value_of_the_wrong_type_fails_the_run_with_a_clear_message(sources, source):
    sources.expect_request(source.path).respond_with_data(source.folder("wrong_type"))
    run = source.refresh()
    assert run.status == "failed" and source.wrong_type in run.error
    assert source.written() == 0


def test_retries_wait_longer_each_time(sources, settings):
    settings.CONNECTOR_BACKOFF_BASE = 0.1
    settings.CONNECTOR_BACKOFF_MAX = 10.0
    settings.CONNECTOR_MAX_ATTEMPTS = 4
    good = SOURCES[0]
    answers = Arrivals(*[respond("", status=502)] * 3, respond(recorded(good.good)))
    sources.expect_request(good.path).respond_with_handler(answers)
    assert good.refresh().status == "succeeded"
    gaps = [later - earlier for earlier, later in itertools.pairwise(answers.times)]
    # Each wait is at least half its step (0.1, 0.2, 0.4 s): the other half is jitter.
    minimums = [0.05, 0.1, 0.2]
    assert all(gap >= least for gap, least in zip(gaps, minimums, strict=True)), gaps
    # Whatever the jitter, the third wait is at least 0.1 s longer than the first (0.2-0.4 s
    # against 0.05-0.1 s); half of that leaves room for the requests themselves.
    assert gaps[2] - gaps[0] > 0.05, gaps

    # The waits the connector draws: each within its step's band, [step / 2, step], the step
    # doubling with each attempt, so that every wait is at least as long as any before it.
    drawn = {
        attempt: [backoff_delay(attempt, 0.1, 10.0) for _ in range(500)]
        for attempt in (1, 2, 3, 4, 5)
    }
    for attempt, waits in drawn.items():
        step = 0.1 * 2 ** (attempt - 1)
        assert step / 2 <= min(waits) and max(waits) <= step, (attempt, min(waits), max(waits))
    for attempt in (1, 2, 3, 4):
        assert min(drawn[attempt + 1]) >= max(drawn[attempt]), attempt
        assert max(drawn[attempt + 1]) > 1.5 * max(drawn[attempt]), attempt


def test_retry_after_may_be_a_number_of_seconds_or_a_date():
    now = dt.datetime(2025, 4, 16, 12, 0, 0, tzinfo=dt.UTC)
    assert retry_after_seconds("120", now) == 120
    assert retry_after_seconds("Wed, 16 Apr 2025 12:00:30 GMT", now) == 30
    assert retry_after_seconds("Wed, 16 Apr 2025 11:00:00 GMT", now) == 0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None
