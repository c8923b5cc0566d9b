"""Every run is recorded; runs of one series never overlap; "last refreshed" is the latest
successful run."""

import datetime as dt
import time

import pytest

from commodities.connectors import ComtradeConnector, SeriesQuery
from commodities.ingest import SeriesBusy, last_refreshed, refresh_series, series_lock
from commodities.models import RefreshRun, TradeFlow
from tests.factories import NegotiationFactory

from .conftest import COMTRADE_ANNUAL, Params, recorded, respond, slow

pytestmark = pytest.mark.django_db

QUERY = SeriesQuery("USA", "JPN", ("870323", "870324"), (2024,))
SERIES = "comtrade:USA:JPN"
T0 = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)


def serve(sources):
    sources.expect_request(COMTRADE_ANNUAL).respond_with_data(
        recorded("comtrade/preview_annual_2024.json")
    )


def refresh(query=QUERY):
    return refresh_series(ComtradeConnector.from_settings(), query)


def run(source="comtrade", status="succeeded", finished=T0, negotiation=None, **fields):
    recorded_run = RefreshRun.objects.create(
        source=source,
        series=fields.pop("series", f"{source}:USA:JPN"),
        status=status,
        started_at=finished - dt.timedelta(minutes=1),
        finished_at=None if status == "running" else finished,
        error="it broke" if status == "failed" else "",
        **fields,
    )
    if negotiation is not None:
        negotiation.refresh_runs.add(recorded_run)
    return recorded_run


def test_last_refreshed_is_none_before_any_successful_run(db):
    run(status="failed")
    assert last_refreshed() is None


def test_last_refreshed_is_when_the_latest_successful_run_finished(db):
    run(finished=T0)
    run(finished=T0 + dt.timedelta(days=1))
    run(status="failed", finished=T0 + dt.timedelta(days=2))
    assert last_refreshed() == T0 + dt.timedelta(days=1)


def test_last_refreshed_is_per_source_on_request(db):
    run("comtrade", finished=T0)
    run("census", finished=T0 + dt.timedelta(hours=1))
    assert (last_refreshed("comtrade"), last_refreshed("census"), last_refreshed("file")) == (
        T0,
        T0 + dt.timedelta(hours=1),
        None,
    )


def test_last_refreshed_is_per_negotiation_on_request(db):
    talks, other = NegotiationFactory(), NegotiationFactory()
    run(finished=T0, negotiation=talks)
    run(finished=T0 + dt.timedelta(hours=1), negotiation=other)
    assert talks.last_refreshed() == T0


def test_a_failed_run_keeps_its_reason_and_counts_nothing(sources, parties):
    sources.expect_request(COMTRADE_ANNUAL).respond_with_data(recorded("comtrade/malformed.json"))
    failed = refresh()
    failed.refresh_from_db()
    assert (failed.status, failed.rows_inserted, failed.rows_updated) == ("failed", 0, 0)
    assert failed.error.startswith("UN Comtrade returned malformed JSON for http://127.0.0.1:")
    assert failed.finished_at >= failed.started_at


def test_a_run_left_running_by_a_lost_worker_is_marked_failed_by_the_next_run(sources, parties):
    lost = run(status="running", series=SERIES, task_id="lost-task")
    serve(sources)
    refresh()
    lost.refresh_from_db()
    assert lost.status == "failed"
    assert lost.error.startswith("interrupted: the run stopped before it finished")
    assert lost.finished_at is not None


def test_a_run_of_another_series_left_running_is_not_touched(sources, parties):
    other = run(status="running", series="comtrade:JPN:USA")
    serve(sources)
    refresh()
    other.refresh_from_db()
    assert other.status == "running"


def test_a_refresh_of_a_busy_series_does_not_run_nor_record_anything(sources, parties, settings):
    settings.REDIS_URL = ""  # the in-process lock of the embedded default
    serve(sources)
    with series_lock(SERIES), pytest.raises(SeriesBusy):
        refresh()
    assert (RefreshRun.objects.count(), len(sources.log)) == (0, 0)


def test_another_series_is_not_held_up_by_a_busy_one(sources, parties, settings):
    settings.REDIS_URL = ""
    serve(sources)
    with series_lock("comtrade:JPN:USA"):
        assert refresh().status == "succeeded"


def test_with_redis_a_busy_series_is_refused_across_processes(
    sources, parties, settings, redis_url
):
    settings.REDIS_URL = redis_url
    serve(sources)
    with series_lock(SERIES), pytest.raises(SeriesBusy):
        refresh()
    assert refresh().status == "succeeded"  # the lock went with the block


def test_with_redis_the_lock_of_a_dead_run_frees_itself(sources, parties, settings, redis_url):
    settings.REDIS_URL = redis_url
    settings.TRADE_REFRESH_LOCK_TIMEOUT = 0.5
    serve(sources)
    holder = series_lock(SERIES)
    holder.__enter__()  # taken, and never given back: its worker died
    with pytest.raises(SeriesBusy):
        refresh()
    time.sleep(0.6)
    assert refresh().status == "succeeded"


def test_with_redis_a_run_that_outlives_its_lock_stops_without_writing(
    sources, parties, settings, redis_url
):
    settings.REDIS_URL = redis_url
    settings.TRADE_REFRESH_LOCK_TIMEOUT = 0.3
    sources.expect_request(COMTRADE_ANNUAL, query_string=Params(period=2023)).respond_with_data(
        recorded("comtrade/preview_annual_2023.json")
    )
    sources.expect_request(COMTRADE_ANNUAL, query_string=Params(period=2024)).respond_with_handler(
        slow(0.8, respond(recorded("comtrade/preview_annual_2024.json")))
    )
    stopped = refresh(SeriesQuery("USA", "JPN", ("870323", "870324"), (2023, 2024)))
    assert stopped.status == "failed" and "lock expired" in stopped.error
    assert TradeFlow.objects.count() == 0
