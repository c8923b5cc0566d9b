"""The figures of the Japan–US case (../shared/cases/japan-united-states.md) on the schedule.

Base (column 1 General) rates from the HTS files: 8703.23.01 cars 2.5 %, 6109.10.00 cotton
T-shirts 16.5 %, 7208.51.00 steel Free, 1006.30.90 milled rice 1.4¢/kg.
"""

from decimal import Decimal

import pytest

from commodities.models import TradeFlow

pytestmark = pytest.mark.django_db


def measures(line):
    return [layer.measure.title for layer in line.layers]


@pytest.mark.parametrize(
    ("on", "total", "layers"),
    [
        # 2.5 base + 25 Section 232 autos; the 10 % baseline spares goods under Section 232.
        ("2025-04-10", "27.5", ["Section 232 duty on imported automobiles"]),
        # Japan's reciprocal rule (retroactive to 7 August) spares them too: 2.5 + 25.
        ("2025-09-10", "27.5", ["Section 232 duty on imported automobiles"]),
        # Japan's 15 % all-in auto rate replaces the worldwide 25 %: 2.5 topped up to 15.
        ("2025-09-20", "15", ["Section 232 autos and parts: Japan's 15% all-in rate"]),
    ],
)
def test_cars(duty, on, total, layers):
    line = duty("87032301", on)
    assert line.base_text == "2.5%"
    assert line.total_ad_valorem == Decimal(total)
    assert measures(line) == layers


def test_cars_on_20_september_replace_the_worldwide_duty(duty):
    line = duty("87032301", "2025-09-20")
    (layer,) = line.layers
    # 15 % in total: the 2.5 % base topped up by 12.5 points.
    assert layer.adds.ad_valorem == Decimal("12.5")
    assert layer.heading == "9903.94.40"


def test_t_shirts_under_the_baseline(duty):
    # 16.5 base + 10 baseline (Japan's 24 % paused on 10 April).
    line = duty("61091000", "2025-05-01")
    assert line.base_text == "16.5%"
    assert line.total_ad_valorem == Decimal("26.5")
    assert measures(line) == ["Universal 10% baseline tariff"]


def test_t_shirts_on_10_august_as_the_law_now_reads(duty):
    # Executive Order 14345 (4 September), retroactive to 7 August: base 16.5 ≥ 15 → base only.
    line = duty("61091000", "2025-08-10")
    assert line.total_ad_valorem == Decimal("16.5")
    (layer,) = line.layers
    assert layer.retroactive
    assert layer.heading == "9903.02.73"
    assert layer.adds.ad_valorem in (None, Decimal(0))


def test_t_shirts_on_10_august_as_the_law_read_then(duty):
    # As read on 10 August: Executive Order 14326's 15 % on top of the base: 16.5 + 15.
    line = duty("61091000", "2025-08-10", known_on="2025-08-10")
    assert line.total_ad_valorem == Decimal("31.5")
    (layer,) = line.layers
    assert not layer.retroactive
    assert layer.heading == "9903.02.30"


def test_t_shirts_after_the_court_ruling(duty):
    # The reciprocal measures are struck down on 20 February 2026: the base alone.
    line = duty("61091000", "2026-02-22")
    assert line.total_ad_valorem == Decimal("16.5")
    assert line.layers == []


def test_steel_pays_section_232_and_no_reciprocal_duty(duty, usa, japan):
    # Free base + 50 % Section 232 (from 4 June 2025).
    line = duty("72085100", "2025-06-10")
    assert line.base_text == "Free"
    assert line.total_ad_valorem == Decimal("50")
    assert measures(line) == ["Section 232 duty on steel"]


def test_rice_base_is_specific_and_unknown_without_unit_values(duty):
    line = duty("10063090", "2025-05-01")
    assert line.base_text == "1.4¢/kg"
    assert str(line.base.kind) == "specific"
    # 1.4¢/kg + the 10 % baseline: an expression, with no ad valorem figure without trade data.
    assert str(line.total) == "1.4¢/kg + 10%"
    assert line.total_ad_valorem is None
    assert "unknown" in line.not_computable
    assert line.base_ad_valorem is None


@pytest.fixture
def rice_imports(usa, japan):
    # Hand figures: USD 2,000,000 for 1,000,000 kg → USD 2.00/kg; 1.4¢/kg ÷ $2.00/kg = 0.7 %.
    return TradeFlow.objects.create(
        source=TradeFlow.Source.FILE,
        reporter=usa,
        partner=japan,
        commodity_id="100630",
        year=2024,
        month=TradeFlow.ANNUAL,
        flow=TradeFlow.Direction.IMPORT,
        value_usd=Decimal("2000000"),
        quantity=Decimal("1000000"),
        quantity_unit="kg",
        fetched_at="2025-01-31T00:00:00Z",
    )


def test_rice_with_a_unit_value_has_an_ad_valorem_equivalent(duty, rice_imports):
    line = duty("10063090", "2025-05-01")
    assert line.base_ad_valorem == Decimal("0.7")
    assert line.unit_value.year == 2024
    # 0.7 % + 10 % baseline.
    assert line.total_ad_valorem == Decimal("10.7")


def test_rice_under_the_all_in_rule_is_topped_up_to_15(duty, rice_imports):
    # 2025-09-20: Japan's 15 % in total; base 0.7 % < 15 % → 14.3 points more.
    line = duty("10063090", "2025-09-20")
    (layer,) = line.layers
    assert layer.adds.ad_valorem == Decimal("14.3")
    assert line.total_ad_valorem == Decimal("15")


def test_rice_under_the_all_in_rule_without_unit_value_is_not_computable(duty):
    line = duty("10063090", "2025-09-20")
    assert line.total is None
    assert line.total_ad_valorem is None
    assert "no ad valorem equivalent" in line.not_computable
