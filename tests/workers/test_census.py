"""US Census: U.S. imports and exports by HS code and country, values as strings."""

from decimal import Decimal

import pytest

from commodities.connectors import CensusConnector, SeriesQuery
from commodities.ingest import refresh_series
from commodities.models import TradeFlow

from .conftest import CENSUS_EXPORTS, CENSUS_IMPORTS, Params, recorded, stored_flows

pytestmark = pytest.mark.django_db

CARS = ("870323", "870324")
MONTHLY_2024 = SeriesQuery("USA", "JPN", CARS, (2024,), frequency="M")


def serve_cars(sources):
    for code in CARS:
        sources.expect_request(
            CENSUS_IMPORTS, query_string=Params(I_COMMODITY=code)
        ).respond_with_data(recorded(f"census/imports_{code}.json"))
    sources.expect_request(
        CENSUS_EXPORTS, query_string=Params(E_COMMODITY="870323")
    ).respond_with_data(recorded("census/exports_870323.json"))
    # No U.S. exports of 870324 to Japan that month: the API answers 204 No Content.
    sources.expect_request(
        CENSUS_EXPORTS, query_string=Params(E_COMMODITY="870324")
    ).respond_with_data("", status=204)


def refresh(query=MONTHLY_2024):
    return refresh_series(CensusConnector.from_settings(), query)


def test_a_refresh_stores_every_month_of_every_code_and_flow_value_by_value(sources, parties):
    serve_cars(sources)
    refresh()
    # The suppressed (null) value of 870324 in February is not stored as a figure.
    assert stored_flows() == [
        ("census", "USA", "JPN", "870323", 2024, 1, "M", Decimal("2104817512.00"), None, ""),
        ("census", "USA", "JPN", "870323", 2024, 1, "X", Decimal("40123456.00"), None, ""),
        ("census", "USA", "JPN", "870323", 2024, 2, "M", Decimal("1998234075.00"), None, ""),
        ("census", "USA", "JPN", "870323", 2024, 3, "M", Decimal("2250011934.00"), None, ""),
        ("census", "USA", "JPN", "870324", 2024, 1, "M", Decimal("987654321.00"), None, ""),
    ]


def test_each_code_and_flow_is_asked_for_in_a_request_of_its_own(sources, parties):
    serve_cars(sources)
    run = refresh()
    asked = [
        (request.path, request.args.get("I_COMMODITY") or request.args["E_COMMODITY"])
        for request, _ in sources.log
    ]
    assert asked == [
        (CENSUS_IMPORTS, "870323"),
        (CENSUS_IMPORTS, "870324"),
        (CENSUS_EXPORTS, "870323"),
        (CENSUS_EXPORTS, "870324"),
    ]
    assert (run.status, run.rows_inserted) == ("succeeded", 5)


def test_the_request_names_the_country_level_period_and_columns(sources, parties):
    serve_cars(sources)
    refresh()
    assert sources.log[0][0].args.to_dict() == {
        "get": "CTY_CODE,CTY_NAME,I_COMMODITY,GEN_VAL_MO",
        "time": "from 2024-01 to 2024-12",
        "COMM_LVL": "HS6",
        "I_COMMODITY": "870323",
        "CTY_CODE": "5880",
    }
    assert sources.log[2][0].args["get"] == "CTY_CODE,CTY_NAME,E_COMMODITY,ALL_VAL_MO"


def test_annual_figures_are_decembers_year_to_date_values(sources, parties):
    sources.expect_request(
        CENSUS_IMPORTS,
        query_string=Params(time="2024-12", get="CTY_CODE,CTY_NAME,I_COMMODITY,GEN_VAL_YR"),
    ).respond_with_data(recorded("census/imports_870323_annual_2024.json"))
    refresh(SeriesQuery("USA", "JPN", ("870323",), (2024,), frequency="A", flows=("M",)))
    assert stored_flows() == [
        ("census", "USA", "JPN", "870323", 2024, 0, "M", Decimal("25387612094.00"), None, ""),
    ]


def test_nothing_found_anywhere_is_a_successful_run_with_no_rows(sources, parties):
    sources.expect_request(CENSUS_IMPORTS).respond_with_data("", status=204)
    sources.expect_request(CENSUS_EXPORTS).respond_with_data("", status=204)
    run = refresh()
    assert (run.status, run.rows_inserted, TradeFlow.objects.count()) == ("succeeded", 0, 0)


def test_the_key_goes_in_the_query_and_never_into_the_run_record(sources, parties, settings):
    settings.CENSUS_API_KEY = "test-census-key"
    sources.expect_request(
        CENSUS_IMPORTS, query_string=Params(key="test-census-key")
    ).respond_with_data("error: invalid key", status=400)
    run = refresh(SeriesQuery("USA", "JPN", ("870323",), (2024,), frequency="M", flows=("M",)))
    assert run.status == "failed"
    assert "key=***" in run.error and "test-census-key" not in run.error


def test_a_refused_request_fails_the_run_at_once_with_the_reason(sources, parties):
    sources.expect_request(CENSUS_IMPORTS).respond_with_data(
        "error: unknown predicate variable: 'I_COMODITY'", status=400
    )
    run = refresh(SeriesQuery("USA", "JPN", ("870323",), (2024,), frequency="M", flows=("M",)))
    assert run.status == "failed"
    assert "HTTP 400: error: unknown predicate variable" in run.error
    assert len(sources.log) == 1


def test_a_value_that_is_not_a_number_fails_the_run(sources, parties):
    sources.expect_request(CENSUS_IMPORTS).respond_with_data(
        recorded("census/imports_870323.json").replace('"1998234075"', '"(D)"')
    )
    run = refresh(SeriesQuery("USA", "JPN", ("870323",), (2024,), frequency="M", flows=("M",)))
    assert run.status == "failed"
    assert "row 2: field 'GEN_VAL_MO' should be a decimal number, got '(D)'" in run.error
    assert TradeFlow.objects.count() == 0


def test_the_census_refuses_to_report_another_economys_trade(sources, parties):
    run = refresh(SeriesQuery("JPN", "USA", CARS, (2024,), frequency="M"))
    assert run.status == "failed" and "reports the trade of USA only" in run.error
    assert len(sources.log) == 0


def test_a_partner_without_a_census_code_fails_before_any_request(sources, parties, japan):
    japan.census_code = None
    japan.save()
    run = refresh()
    assert (run.error, len(sources.log)) == ("Japan has no US Census country code", 0)
