"""`manage.py refresh_trade_flows` refreshes now, in process, and says how each run went."""

import io

import pytest
from django.core.management import CommandError, call_command

from commodities.models import RefreshRun, TradeFlow
from tariffs.models import PendingUpdate
from tests.factories import CommodityFactory, ConcessionFactory, NegotiationFactory

from .conftest import COMTRADE_ANNUAL, FEDERAL_REGISTER, Params, recorded

pytestmark = pytest.mark.django_db


def refresh(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("refresh_trade_flows", *args, stdout=out, stderr=err)
    return out.getvalue()


def serve_2024(sources):
    sources.expect_request(COMTRADE_ANNUAL, query_string=Params(period=2024)).respond_with_data(
        recorded("comtrade/preview_annual_2024.json")
    )


def test_one_series_is_refreshed_from_its_parameters(sources, parties):
    serve_2024(sources)
    output = refresh(
        "--reporter", "usa", "--partner", "jpn", "--codes", "870323,870324", "--years", "2024"
    )
    run = RefreshRun.objects.get()
    assert output == (
        f"comtrade comtrade:USA:JPN: 2 inserted, 0 updated, 0 unchanged (run {run.pk}).\n"
    )
    assert TradeFlow.objects.count() == 2


def test_a_negotiation_is_refreshed_series_by_series(sources, parties):
    talks = NegotiationFactory(slug="car-talks")
    talks.parties.set(parties)
    ConcessionFactory(negotiation=talks, commodity=CommodityFactory(code="870323"))
    sources.expect_request(COMTRADE_ANNUAL).respond_with_data(recorded("comtrade/empty.json"))
    sources.expect_request("/census/imports/hs").respond_with_data("", status=204)
    sources.expect_request("/census/exports/hs").respond_with_data("", status=204)
    output = refresh("--negotiation", "car-talks", "--years", "2024")
    assert output.count("inserted") == 3
    assert set(RefreshRun.objects.values_list("negotiations", flat=True)) == {talks.pk}


def test_a_failed_run_makes_the_command_fail_after_recording_it(sources, parties):
    sources.expect_request(COMTRADE_ANNUAL).respond_with_data(recorded("comtrade/malformed.json"))
    with pytest.raises(CommandError, match=r"1 of 1 refresh\(es\) did not succeed"):
        refresh("--reporter", "USA", "--partner", "JPN", "--codes", "870323", "--years", "2024")
    assert RefreshRun.objects.get().status == "failed"


def test_a_series_needs_its_partner_codes_and_years(db):
    with pytest.raises(CommandError, match="--reporter also needs --partner, --codes, --years"):
        refresh("--reporter", "USA")


def test_the_bundled_sample_loads_offline(parties):
    for code in ("870840", "870899", "100630", "120190", "020130", "020230", "030389", "070190"):
        CommodityFactory(code=code)
    assert "14 inserted" in refresh("--sample")
    assert TradeFlow.objects.filter(source="illustrative").count() == 14


def test_tariff_notices_are_fetched_on_request(sources, db):
    sources.expect_request(
        FEDERAL_REGISTER, query_string=Params(**{"conditions[publication_date][gte]": "2025-03-01"})
    ).respond_with_data(recorded("federal_register/single_page.json"))
    assert "1 inserted" in refresh("--tariff-notices", "--since", "2025-03-01")
    assert PendingUpdate.objects.count() == 1
