"""How coverage counts trade: the issuer's annual HS6 imports from the targets, in scope, from
one source only."""

import datetime as dt
from decimal import Decimal

import pytest

from commodities.models import RefreshRun, TradeFlow
from tariffs.engine import lookup_duty
from tariffs.services import measure_coverage

from .factories import (
    CommodityFactory,
    EconomyFactory,
    MeasureChangeFactory,
    MeasureFactory,
    ScopeLineFactory,
    TradeFlowFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def economies():
    usa = EconomyFactory(iso3="USA", name="United States")
    france = EconomyFactory(iso3="FRA", name="France")
    eu = EconomyFactory(iso3="EUU", name="European Union", kind="customs_union")
    eu.members.set([france])
    return usa, france, eu


def flow(reporter, partner, code, value, **extra):
    return TradeFlowFactory(
        reporter=reporter,
        partner=partner,
        commodity=CommodityFactory(code=code),
        value_usd=Decimal(value),
        **extra,
    )


def test_a_measure_aimed_at_a_union_covers_its_members_trade(economies):
    usa, france, eu = economies
    measure = MeasureFactory(issuer=usa)
    measure.targets.set([eu])
    ScopeLineFactory(measure=measure, commodity=CommodityFactory(code="2204"))
    flow(usa, france, "220421", "500")
    assert measure_coverage(measure, 2024).trade_value_usd == Decimal("500")


def test_a_lookup_finds_a_measure_aimed_at_the_exporters_union(economies):
    usa, france, eu = economies
    measure = MeasureFactory(issuer=usa)
    measure.targets.set([eu])
    ScopeLineFactory(measure=measure, commodity=CommodityFactory(code="2204"))
    MeasureChangeFactory(measure=measure, ad_valorem_rate=Decimal("15"))
    answer = lookup_duty(usa, france, "220421", dt.date(2025, 6, 1))
    # No schedule is loaded: the layers stand without a base rate, and no total is claimed.
    assert [layer.adds.ad_valorem for layer in answer.layers] == [Decimal("15")]
    assert answer.lines[0].total is None


def test_two_sources_of_the_same_trade_are_not_added_together(economies, settings):
    usa, france, _ = economies
    measure = MeasureFactory(issuer=usa, applies_to_all_economies=True, covers_all_products=True)
    flow(usa, france, "220421", "500", source=TradeFlow.Source.COMTRADE)
    flow(usa, france, "220421", "480", source=TradeFlow.Source.CENSUS)
    settings.TRADE_SOURCE_PREFERENCE = ["census", "comtrade"]
    coverage = measure_coverage(measure, 2024)
    assert (coverage.source, coverage.trade_value_usd) == ("census", Decimal("480"))


def test_monthly_figures_and_broader_codes_are_not_counted_twice(economies):
    usa, france, _ = economies
    measure = MeasureFactory(issuer=usa, applies_to_all_economies=True, covers_all_products=True)
    flow(usa, france, "220421", "500")
    flow(usa, france, "220421", "40", month=3)
    flow(usa, france, "2204", "999")
    assert measure_coverage(measure, 2024).trade_value_usd == Decimal("500")


def test_excluded_lines_and_exports_are_left_out(economies):
    usa, france, _ = economies
    measure = MeasureFactory(issuer=usa, applies_to_all_economies=True, covers_all_products=True)
    ScopeLineFactory(measure=measure, commodity=CommodityFactory(code="87"), excluded=True)
    flow(usa, france, "220421", "500")
    flow(usa, france, "870323", "900")
    flow(usa, france, "220422", "70", flow=TradeFlow.Direction.EXPORT)
    assert measure_coverage(measure, 2024).trade_value_usd == Decimal("500")


def test_implied_duty_is_the_covered_value_at_the_rate_on_the_date(economies):
    usa, france, _ = economies
    measure = MeasureFactory(issuer=usa, applies_to_all_economies=True, covers_all_products=True)
    MeasureChangeFactory(measure=measure, effective_on=dt.date(2025, 1, 1), ad_valorem_rate=10)
    MeasureChangeFactory(
        measure=measure,
        effective_on=dt.date(2025, 7, 1),
        status="modified",
        ad_valorem_rate=Decimal("12.5"),
    )
    flow(usa, france, "220421", "1000")
    assert measure_coverage(measure, 2024, dt.date(2025, 3, 1)).implied_duty_usd == Decimal("100")
    assert measure_coverage(measure, 2024, dt.date(2025, 8, 1)).implied_duty_usd == Decimal("125")


def test_coverage_reports_when_its_source_was_last_refreshed(economies):
    usa, france, _ = economies
    measure = MeasureFactory(issuer=usa, applies_to_all_economies=True, covers_all_products=True)
    flow(usa, france, "220421", "500", source=TradeFlow.Source.COMTRADE)
    finished = dt.datetime(2025, 6, 2, 3, 30, tzinfo=dt.UTC)
    RefreshRun.objects.create(
        source=RefreshRun.Source.COMTRADE,
        series="comtrade:USA:FRA",
        status=RefreshRun.Status.SUCCEEDED,
        started_at=finished,
        finished_at=finished,
    )
    assert measure_coverage(measure, 2024).last_refreshed == finished


def test_a_partner_in_two_unions_is_counted_once(economies):
    usa, france, eu = economies
    other_union = EconomyFactory(iso3="XUN", name="Another union", kind="customs_union")
    other_union.members.set([france])
    measure = MeasureFactory(issuer=usa)
    measure.targets.set([france, eu])
    ScopeLineFactory(measure=measure, commodity=CommodityFactory(code="2204"))
    flow(usa, france, "220421", "500")
    coverage = measure_coverage(measure, 2024)
    assert (coverage.trade_value_usd, coverage.flow_count) == (Decimal("500"), 1)
