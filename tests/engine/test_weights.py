"""The trade weights of several pairs at once agree with those of each pair alone."""

from decimal import Decimal

import pytest

from commodities.models import TradeFlow
from tariffs.engine.rates import weights, weights_of_pairs

from ..factories import EconomyFactory

pytestmark = pytest.mark.django_db


def flow(reporter, partner, code, year, source, value, quantity=None, unit=""):
    TradeFlow.objects.create(
        source=source,
        reporter=reporter,
        partner=partner,
        commodity_id=code,
        year=year,
        month=TradeFlow.ANNUAL,
        flow=TradeFlow.Direction.IMPORT,
        value_usd=Decimal(value),
        quantity=quantity,
        quantity_unit=unit,
        fetched_at="2026-01-31T00:00:00Z",
    )


def test_each_pair_gets_its_own_year_source_and_unit_values(usa, japan, demo):
    korea = EconomyFactory(iso3="KOR", name="Korea")
    file, illustrative = TradeFlow.Source.FILE, "illustrative"
    flow(usa, japan, "870323", 2024, file, 900, 30, "u")
    flow(usa, japan, "870323", 2025, file, 300, 10, "u")
    flow(usa, japan, "870323", 2025, illustrative, 999, 1, "u")
    flow(usa, japan, "610910", 2025, file, 100, 50, "kg")
    flow(japan, usa, "870323", 2023, file, 400, 20, "u")
    flow(japan, usa, "100630", 2023, file, 100)
    pairs = [(usa, japan), (japan, usa), (korea, japan)]
    codes = ["870323", "100630"]
    found = weights_of_pairs(pairs, codes)
    for importer, exporter in pairs:
        year, source, products = weights(importer, exporter)
        mine = {code: products[code] for code in codes if code in products}
        assert found[importer.pk, exporter.pk] == (year, source, mine)
    assert found[usa.pk, japan.pk][:2] == (2025, file)
    assert found[usa.pk, japan.pk][2]["870323"] == (Decimal(300), {"No.": Decimal(30)})
    assert found[korea.pk, japan.pk] == (None, None, {})
