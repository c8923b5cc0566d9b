"""The write path: an idempotent bulk upsert, streamed in chunks, all or nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commodities.ingest import IngestError, TradeFlowRow, upsert_trade_flows
from commodities.models import TradeFlow
from tests.factories import TradeFlowFactory

from .conftest import stored_flows

pytestmark = pytest.mark.django_db

FIRST_FETCH = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)
SECOND_FETCH = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)


@pytest.fixture
def flows(parties):
    usa, japan = parties

    def row(code, year, month, flow, value, quantity=None, unit=""):
        return TradeFlowRow(
            usa.pk, japan.pk, code, year, month, flow, Decimal(value), quantity, unit
        )

    return row


def three_rows(row, value="1000.00"):
    return [
        row("870323", 2024, 0, "M", value, Decimal("12.000"), "u"),
        row("870323", 2024, 1, "M", "250.50"),
        row("870324", 2024, 0, "X", "75.25", Decimal("3.500"), "kg"),
    ]


def test_new_rows_are_inserted_and_counted(flows):
    result = upsert_trade_flows(three_rows(flows), "comtrade", FIRST_FETCH)
    assert tuple(result) == (3, 0)
    series = ("comtrade", "USA", "JPN")
    assert stored_flows() == [
        (*series, "870323", 2024, 0, "M", Decimal("1000.00"), Decimal("12.000"), "u"),
        (*series, "870323", 2024, 1, "M", Decimal("250.50"), None, ""),
        (*series, "870324", 2024, 0, "X", Decimal("75.25"), Decimal("3.500"), "kg"),
    ]


def test_the_same_rows_twice_leave_the_table_exactly_as_once(flows):
    upsert_trade_flows(three_rows(flows), "comtrade", FIRST_FETCH)
    once = list(TradeFlow.objects.order_by("pk").values())
    result = upsert_trade_flows(three_rows(flows), "comtrade", SECOND_FETCH)
    assert (result.inserted, result.updated, result.unchanged) == (0, 0, 3)
    assert list(TradeFlow.objects.order_by("pk").values()) == once


def test_a_changed_figure_is_updated_with_its_fetch_time_and_counted(flows):
    upsert_trade_flows(three_rows(flows), "comtrade", FIRST_FETCH)
    result = upsert_trade_flows(three_rows(flows, value="1100.00"), "comtrade", SECOND_FETCH)
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 2)
    assert list(
        TradeFlow.objects.order_by("commodity", "month").values_list("value_usd", "fetched_at")
    ) == [
        (Decimal("1100.00"), SECOND_FETCH),
        (Decimal("250.50"), FIRST_FETCH),
        (Decimal("75.25"), FIRST_FETCH),
    ]


def test_rows_of_another_source_are_another_series(flows):
    TradeFlowFactory(source="census", year=2024, value_usd=Decimal("1.00"))
    result = upsert_trade_flows(three_rows(flows), "comtrade", FIRST_FETCH)
    assert tuple(result) == (3, 0)
    assert TradeFlow.objects.get(source="census").value_usd == Decimal("1.00")


def test_a_series_point_twice_is_an_error_and_nothing_is_written(flows):
    rows = [*three_rows(flows), flows("870323", 2024, 1, "M", "999.00")]
    with pytest.raises(
        IngestError, match=r"USA/JPN 870323 2024-01 M is in the rows more than once"
    ):
        upsert_trade_flows(rows, "comtrade", FIRST_FETCH)
    assert TradeFlow.objects.count() == 0


def test_a_point_twice_is_an_error_even_when_one_of_them_is_already_stored(flows):
    upsert_trade_flows(three_rows(flows), "comtrade", FIRST_FETCH)
    rows = [*three_rows(flows), flows("870323", 2024, 1, "M", "999.00")]
    with pytest.raises(IngestError):
        upsert_trade_flows(rows, "comtrade", SECOND_FETCH)
    assert TradeFlow.objects.get(month=1).value_usd == Decimal("250.50")


def test_rows_are_read_in_chunks_not_all_at_once(flows):
    pulled = []

    def generate():
        for month in range(1, 6):
            pulled.append(month)
            yield flows("870323", 2024, month, "M", "10.00")

    seen_at_each_chunk = []
    result = upsert_trade_flows(
        generate(),
        "comtrade",
        FIRST_FETCH,
        chunk_size=2,
        heartbeat=lambda: seen_at_each_chunk.append(len(pulled)),
    )
    assert seen_at_each_chunk == [2, 4, 5]
    assert tuple(result) == (5, 0)


def test_a_failure_midway_writes_nothing_of_the_earlier_chunks(flows):
    def generate():
        yield from three_rows(flows)
        raise IngestError("the source broke off")

    with pytest.raises(IngestError):
        upsert_trade_flows(generate(), "comtrade", FIRST_FETCH, chunk_size=1)
    assert TradeFlow.objects.count() == 0


def test_on_postgresql_any_number_of_rows_is_merged_by_the_same_few_statements(flows, postgres):
    def rows(count):
        return (flows("870323", 1950 + n // 13, n % 13, "M", "1.00") for n in range(count))

    with CaptureQueriesContext(connection) as few:
        upsert_trade_flows(rows(10), "comtrade", FIRST_FETCH)
    with CaptureQueriesContext(connection) as many:
        upsert_trade_flows(rows(1_000), "census", FIRST_FETCH)
    assert len(many) == len(few)
    assert sum("ON CONFLICT" in query["sql"] for query in many.captured_queries) == 1
    assert TradeFlow.objects.filter(source="census").count() == 1_000
