"""UN Comtrade: series totals by year, annual or monthly, through the preview or keyed endpoint."""

from decimal import Decimal

import pytest

from commodities.connectors import ComtradeConnector, SeriesQuery
from commodities.ingest import refresh_series
from commodities.models import RefreshRun, TradeFlow

from .conftest import COMTRADE_ANNUAL, COMTRADE_MONTHLY, Params, recorded, stored_flows

pytestmark = pytest.mark.django_db

CARS = ("870323", "870324")
TWO_YEARS = SeriesQuery("USA", "JPN", CARS, (2023, 2024))


def usa_from_japan(code, year, month, flow, value, quantity, unit):
    """A stored row of the USA/JPN series, as stored_flows() lists it."""
    return (
        "comtrade",
        "USA",
        "JPN",
        code,
        year,
        month,
        flow,
        Decimal(value),
        Decimal(quantity),
        unit,
    )


# The rows the recorded 2023 and 2024 answers hold (re-exports are not kept; a record with no
# unit of quantity keeps its net weight).
EXPECTED = [
    usa_from_japan("870323", 2023, 0, "M", "24315672011.50", "1012345.000", "u"),
    usa_from_japan("870323", 2023, 0, "X", "412345678.90", "9876.000", "u"),
    usa_from_japan("870323", 2024, 0, "M", "25501234567.25", "1043210.000", "u"),
    usa_from_japan("870324", 2023, 0, "M", "10987654321.00", "301234.000", "u"),
    usa_from_japan("870324", 2024, 0, "X", "98765432.00", "3456789.500", "kg"),
]


def serve_two_years(sources):
    for year in (2023, 2024):
        sources.expect_request(COMTRADE_ANNUAL, query_string=Params(period=year)).respond_with_data(
            recorded(f"comtrade/preview_annual_{year}.json"), content_type="application/json"
        )


def refresh(query=TWO_YEARS):
    return refresh_series(ComtradeConnector.from_settings(), query)


def test_a_refresh_stores_every_record_of_every_year_value_by_value(sources, parties):
    serve_two_years(sources)
    refresh()
    assert stored_flows() == EXPECTED


def test_a_successful_run_is_recorded_with_its_counts(sources, parties):
    serve_two_years(sources)
    run = refresh()
    assert (run.status, run.rows_inserted, run.rows_updated, run.rows_unchanged, run.error) == (
        RefreshRun.Status.SUCCEEDED,
        5,
        0,
        0,
        "",
    )
    assert run.source == "comtrade" and run.series == "comtrade:USA:JPN"
    assert run.parameters == {
        "reporter": "USA",
        "partner": "JPN",
        "codes": ["870323", "870324"],
        "years": [2023, 2024],
        "frequency": "A",
        "flows": ["M", "X"],
        "endpoint": "preview",
    }
    assert run.started_at <= run.finished_at


def test_each_year_is_asked_for_in_a_request_of_its_own(sources, parties):
    serve_two_years(sources)
    refresh()
    assert [request.args["period"] for request, _ in sources.log] == ["2023", "2024"]


def test_the_request_asks_for_the_series_totals_without_a_key(sources, parties):
    serve_two_years(sources)
    refresh()
    request = sources.log[0][0]
    assert request.args.to_dict() == {
        "reporterCode": "842",
        "partnerCode": "392",
        "partner2Code": "0",
        "cmdCode": "870323,870324",
        "flowCode": "M,X",
        "period": "2023",
        "customsCode": "C00",
        "motCode": "0",
        "maxRecords": "500",
        "includeDesc": "false",
        "breakdownMode": "classic",
    }
    assert "Ocp-Apim-Subscription-Key" not in request.headers


def test_with_a_key_the_keyed_endpoint_is_asked_with_the_key_in_a_header(
    sources, parties, settings
):
    settings.COMTRADE_API_KEY = "test-subscription-key"
    sources.expect_request(
        "/comtrade/data/v1/get/C/A/HS",
        headers={"Ocp-Apim-Subscription-Key": "test-subscription-key"},
    ).respond_with_data(recorded("comtrade/preview_annual_2024.json"))
    run = refresh(SeriesQuery("USA", "JPN", CARS, (2024,)))
    assert (run.status, run.rows_inserted, run.parameters["endpoint"]) == ("succeeded", 2, "data")
    assert sources.log[0][0].args["maxRecords"] == "100000"


def test_monthly_figures_are_stored_by_month(sources, parties):
    sources.expect_request(
        COMTRADE_MONTHLY, query_string=Params(period=",".join(f"2024{m:02d}" for m in range(1, 13)))
    ).respond_with_data(recorded("comtrade/preview_monthly_2024.json"))
    refresh(SeriesQuery("USA", "JPN", CARS, (2024,), frequency="M"))
    assert stored_flows() == [
        usa_from_japan("870323", 2024, 1, "M", "2011223344.50", "84321.000", "u"),
        usa_from_japan("870323", 2024, 1, "X", "31234567.00", "698.000", "u"),
        usa_from_japan("870323", 2024, 2, "M", "1987654321.00", "82100.000", "u"),
    ]


def test_an_empty_answer_is_a_successful_run_with_no_rows(sources, parties):
    sources.expect_request(COMTRADE_ANNUAL).respond_with_data(recorded("comtrade/empty.json"))
    run = refresh()
    assert (run.status, run.rows_inserted, TradeFlow.objects.count()) == ("succeeded", 0, 0)


def test_the_same_refresh_twice_leaves_the_same_rows(sources, parties):
    serve_two_years(sources)
    refresh()
    first = list(TradeFlow.objects.order_by("pk").values())
    again = refresh()
    assert list(TradeFlow.objects.order_by("pk").values()) == first
    assert (again.rows_inserted, again.rows_updated, again.rows_unchanged) == (0, 0, 5)


def test_a_revised_figure_is_updated_and_counted_as_such(sources, parties):
    serve_two_years(sources)
    refresh()
    revised = recorded("comtrade/preview_annual_2024.json").replace(
        "25501234567.25", "25601234567.25"
    )
    sources.clear()
    sources.expect_request(COMTRADE_ANNUAL).respond_with_data(revised)
    run = refresh(SeriesQuery("USA", "JPN", CARS, (2024,)))
    assert (run.rows_inserted, run.rows_updated, run.rows_unchanged) == (0, 1, 1)
    assert TradeFlow.objects.get(year=2024, flow="M").value_usd == Decimal("25601234567.25")


def test_a_malformed_second_answer_writes_nothing_of_the_first(sources, parties):
    sources.expect_request(COMTRADE_ANNUAL, query_string=Params(period=2023)).respond_with_data(
        recorded("comtrade/preview_annual_2023.json")
    )
    sources.expect_request(COMTRADE_ANNUAL, query_string=Params(period=2024)).respond_with_data(
        recorded("comtrade/malformed.json")
    )
    run = refresh()
    assert run.status == "failed" and "malformed JSON" in run.error
    assert TradeFlow.objects.count() == 0


def test_an_error_comtrade_reports_fails_the_run_with_its_message(sources, parties):
    sources.expect_request(COMTRADE_ANNUAL).respond_with_data(recorded("comtrade/error.json"))
    run = refresh()
    assert run.status == "failed"
    assert run.error == (
        "UN Comtrade reported an error: Invalid parameter: reporterCode 999 is not a valid reporter"
    )


def test_an_answer_at_the_record_cap_fails_rather_than_store_a_cut_off_year(
    sources, parties, settings
):
    settings.COMTRADE_MAX_RECORDS = 4  # the 2023 answer holds 4 records
    sources.expect_request(COMTRADE_ANNUAL).respond_with_data(
        recorded("comtrade/preview_annual_2023.json")
    )
    run = refresh(SeriesQuery("USA", "JPN", CARS, (2023,)))
    assert run.status == "failed" and "cap" in run.error
    assert TradeFlow.objects.count() == 0


def test_a_code_missing_from_the_nomenclature_fails_the_run_and_writes_nothing(sources, usa, japan):
    from tests.factories import CommodityFactory

    CommodityFactory(code="870323")  # 870324 is not loaded
    sources.expect_request(COMTRADE_ANNUAL).respond_with_data(
        recorded("comtrade/preview_annual_2023.json")
    )
    run = refresh(SeriesQuery("USA", "JPN", CARS, (2023,)))
    assert run.status == "failed"
    assert "HS code 870324 is not in the nomenclature" in run.error
    assert TradeFlow.objects.count() == 0


def test_a_record_for_another_partner_fails_the_run(sources, parties):
    other = recorded("comtrade/preview_annual_2024.json").replace(
        '"partnerCode": 392', '"partnerCode": 156'
    )
    sources.expect_request(COMTRADE_ANNUAL).respond_with_data(other)
    run = refresh(SeriesQuery("USA", "JPN", CARS, (2024,)))
    assert run.status == "failed" and "partner 156 were not asked for" in run.error


def test_an_economy_without_a_comtrade_code_fails_before_any_request(sources, parties, japan):
    japan.comtrade_code = None
    japan.save()
    run = refresh()
    assert (run.status, run.error, len(sources.log)) == (
        "failed",
        "Japan has no UN Comtrade code",
        0,
    )


def test_codes_are_asked_for_in_groups(sources, parties, settings):
    settings.COMTRADE_CODES_PER_REQUEST = 1
    sources.expect_request(COMTRADE_ANNUAL).respond_with_data(recorded("comtrade/empty.json"))
    refresh(SeriesQuery("USA", "JPN", CARS, (2024,)))
    assert [request.args["cmdCode"] for request, _ in sources.log] == ["870323", "870324"]
