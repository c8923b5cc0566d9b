"""The effective tariff rate, USA on goods from Japan, on hand-computed weights."""

import datetime as dt
from decimal import Decimal

import pytest

from commodities.models import TradeFlow
from tariffs.engine.rates import effective_tariff_rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def weights(usa, japan):
    # 2025 annual imports (USD): cars 300, T-shirts 100, rice 100 (no quantity: its specific
    # base has no ad valorem equivalent, so its duty is not computable: 100 / 500 = 20 %).
    for code, value in [("870323", 300), ("610910", 100), ("100630", 100)]:
        TradeFlow.objects.create(
            source=TradeFlow.Source.FILE,
            reporter=usa,
            partner=japan,
            commodity_id=code,
            year=2025,
            month=TradeFlow.ANNUAL,
            flow=TradeFlow.Direction.IMPORT,
            value_usd=Decimal(value),
            fetched_at="2026-01-31T00:00:00Z",
        )


def test_month_by_month(usa, japan, weights):
    answer = effective_tariff_rate(usa, japan, dt.date(2025, 5, 1), dt.date(2026, 2, 28))
    assert (answer.year, answer.source, answer.products) == (2025, "file", 3)
    assert answer.trade_value_usd == Decimal(500)
    assert len(answer.months) == 10
    rates = {month.month.isoformat()[:7]: month.rate for month in answer.months}
    # May (31st): cars 2.5 + 25 = 27.5, T-shirts 16.5 + 10 = 26.5 → (8250 + 2650) / 400.
    assert rates["2025-05"] == Decimal("27.250")
    # August (31st), as the law now reads: cars 27.5, T-shirts 16.5 → (8250 + 1650) / 400.
    assert rates["2025-08"] == Decimal("24.750")
    # September (30th): cars 15 in total, T-shirts 16.5 → (4500 + 1650) / 400.
    assert rates["2025-09"] == Decimal("15.375")
    # February 2026 (28th), after the ruling: cars 15 (Section 232), T-shirts 16.5.
    assert rates["2026-02"] == Decimal("15.375")
    assert {month.not_computable_share for month in answer.months} == {Decimal("20.00")}


def test_as_the_law_read_at_the_time(usa, japan, weights):
    answer = effective_tariff_rate(
        usa, japan, dt.date(2025, 8, 1), dt.date(2025, 8, 31), known_on=dt.date(2025, 8, 31)
    )
    # T-shirts 16.5 + 15 = 31.5 as read on 31 August → (8250 + 3150) / 400 = 28.5.
    assert answer.months[0].rate == Decimal("28.500")


def test_no_trade_gives_no_months(usa, japan, demo):
    from core.models import Economy

    nowhere = Economy.objects.create(iso3="ATA", name="Antarctica")
    answer = effective_tariff_rate(usa, nowhere, dt.date(2025, 5, 1), dt.date(2025, 6, 30))
    assert answer.products == 0
    assert answer.months == []


def test_the_api_gives_the_months_and_a_400_naming_the_field(client, weights):
    response = client.get(
        "/api/v1/effective-rate/",
        {"importer": "USA", "exporter": "JPN", "start": "2025-09-01", "end": "2025-09-30"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["months"][0]["rate"] == "15.375"
    assert body["months"][0]["not_computable_share"] == "20.00"
    bad = client.get(
        "/api/v1/effective-rate/", {"importer": "USA", "exporter": "XXX", "start": "2025-09-01"}
    )
    assert bad.status_code == 400
    assert "exporter" in bad.json()
    backwards = client.get(
        "/api/v1/effective-rate/",
        {"importer": "USA", "exporter": "JPN", "start": "2025-09-01", "end": "2025-08-01"},
    )
    assert backwards.status_code == 400
    assert "end" in backwards.json()
