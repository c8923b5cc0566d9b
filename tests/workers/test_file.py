"""Files in our own CSV format: the bundled sample for offline use, or any file like it."""

from decimal import Decimal

import pytest

from commodities.connectors import FileConnector, FileQuery
from commodities.ingest import refresh_series
from commodities.models import TradeFlow
from tests.factories import CommodityFactory

from ..demo_data import copy_demo
from .conftest import stored_flows

pytestmark = pytest.mark.django_db

HEADER = "reporter,partner,hs_code,year,month,flow,value_usd,quantity,quantity_unit\n"


@pytest.fixture
def csv_file(tmp_path):
    def write(*lines):
        path = tmp_path / "flows.csv"
        path.write_text(HEADER + "".join(f"{line}\n" for line in lines))
        return FileQuery(path=str(path))

    return write


def refresh(query):
    return refresh_series(FileConnector(), query)


def test_a_file_in_our_format_is_stored_value_by_value(parties, csv_file):
    run = refresh(
        csv_file(
            "USA,JPN,870323,2024,0,M,25501234567.25,1043210,u",
            "USA,JPN,870323,2024,3,X,31234567,,",
            "JPN,USA,870324,2023,0,M,1200.5,3.25,t",
        )
    )
    assert (run.status, run.source, run.rows_inserted) == ("succeeded", "file", 3)
    usa_from_japan = ("file", "USA", "JPN", "870323", 2024)
    assert stored_flows() == [
        ("file", "JPN", "USA", "870324", 2023, 0, "M", Decimal("1200.50"), Decimal("3.250"), "t"),
        (*usa_from_japan, 0, "M", Decimal("25501234567.25"), Decimal("1043210.000"), "u"),
        (*usa_from_japan, 3, "X", Decimal("31234567.00"), None, ""),
    ]


def test_a_bad_line_fails_the_run_naming_it_and_nothing_is_written(parties, csv_file):
    run = refresh(
        csv_file(
            "USA,JPN,870323,2024,0,M,100,,",
            "USA,JPN,870323,2024,1,M,one hundred,,",
        )
    )
    assert run.status == "failed"
    assert run.error.endswith("line 3: value_usd 'one hundred' is not a number")
    assert TradeFlow.objects.count() == 0


def test_an_economy_we_do_not_know_fails_the_run(parties, csv_file):
    run = refresh(csv_file("USA,KOR,870323,2024,0,M,100,,"))
    assert (run.status, run.error) == (
        "failed",
        "USA/KOR 870323 2024 M: no economy has the ISO code KOR",
    )


def test_a_negative_value_fails_the_run(parties, csv_file):
    run = refresh(csv_file("USA,JPN,870323,2024,0,M,-5,,"))
    assert run.error == "USA/JPN 870323 2024 M: the value -5 is negative"


def test_a_file_without_our_columns_fails_the_run(parties, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("country,code,value\nJPN,870323,100\n")
    run = refresh(FileQuery(path=str(path)))
    assert run.status == "failed" and "the header lacks column(s) reporter, partner" in run.error


def test_a_missing_file_fails_the_run(db, tmp_path):
    run = refresh(FileQuery(path=str(tmp_path / "nowhere.csv")))
    assert run.status == "failed" and "cannot open" in run.error


def test_the_bundled_sample_is_stored_as_illustrative_figures(parties):
    for code in ("870840", "870899", "100630", "120190", "020130", "020230", "030389", "070190"):
        CommodityFactory(code=code)
    run = refresh(FileQuery.sample())
    assert (run.status, run.rows_inserted, run.parameters) == (
        "succeeded",
        14,
        {"path": "sample", "label": "illustrative"},
    )
    assert set(TradeFlow.objects.values_list("source", flat=True)) == {"illustrative"}
    cars = ("illustrative", "USA", "JPN", "870323")
    assert stored_flows(commodity="870323") == [
        (*cars, 2023, 0, "M", Decimal("24000000000.00"), None, ""),
        (*cars, 2024, 0, "M", Decimal("25500000000.00"), None, ""),
    ]


def test_the_bundled_sample_holds_the_demo_figures(db):
    copy_demo()
    run = refresh(FileQuery.sample())
    assert (run.rows_inserted, run.rows_updated, run.rows_unchanged) == (0, 0, 14)
