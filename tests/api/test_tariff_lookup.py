"""The tariff on a product from a partner on a date, and the trade a measure covers.

Expected figures are worked out by hand from the demo and the shipped schedule extract:
Section 232 puts 25 % on cars (base 2.5 %) from 3 April 2025 and on parts from 3 May; the
universal 10 % applies from 5 April to goods not subject to Section 232; Japan's 24 %
reciprocal rate applied on 9 April only (in place of the baseline), then was paused.
"""

from decimal import Decimal

import pytest

from tariffs.models import Measure

pytestmark = pytest.mark.django_db

LOOKUP = "/api/v1/tariff-lookup/"


def lookup(api, hs, date, importer="USA", exporter="JPN"):
    response = api.get(LOOKUP, {"importer": importer, "exporter": exporter, "hs": hs, "date": date})
    assert response.status_code == 200, response.content
    return response.json()


def titles(line):
    return [layer["measure"]["title"] for layer in line["layers"]]


def skipped(answer):
    return {item["measure"]["title"]: item for item in answer["not_applied"]}


def test_a_japanese_car_pays_the_base_rate_and_the_25_percent_section_232_duty(api, demo):
    answer = lookup(api, "870323", "2025-04-10")
    (line,) = answer["lines"]
    assert (line["code"], line["base_rate"]) == ("87032301", "2.5%")
    # 2.5 + 25.
    assert Decimal(line["total_ad_valorem"]) == Decimal("27.5")
    (autos,) = line["layers"]
    assert autos["measure"]["legal_basis"] == "section_232"
    assert autos["matched"] == "line 8703"
    assert "line 8703 brings the product in" in autos["why"]


def test_a_car_pays_no_baseline_because_it_is_subject_to_section_232(api, demo):
    answer = lookup(api, "870323", "2025-04-10")
    baseline = skipped(answer)["Universal 10% baseline tariff"]
    assert baseline["reason"] == "exempt"
    assert baseline["by"]["title"] == "Section 232 duty on imported automobiles"


def test_japanese_rice_pays_the_universal_10_percent_while_the_reciprocal_rate_is_paused(api, demo):
    answer = lookup(api, "10063090", "2025-04-10")
    (line,) = answer["lines"]
    assert titles(line) == ["Universal 10% baseline tariff"]
    assert line["layers"][0]["matched"] == "all products"
    assert line["total"]["text"] == "1.4¢/kg + 10%"
    reciprocal = skipped(answer)["Reciprocal tariff on goods from Japan"]
    assert (reciprocal["reason"], reciprocal["detail"]) == (
        "not_in_force",
        "paused since 2025-04-10",
    )


def test_on_the_day_before_the_pause_the_reciprocal_rate_replaces_the_baseline(api, demo):
    answer = lookup(api, "10063090", "2025-04-09")
    (line,) = answer["lines"]
    assert titles(line) == ["Reciprocal tariff on goods from Japan"]
    assert line["total"]["text"] == "1.4¢/kg + 24%"
    assert skipped(answer)["Universal 10% baseline tariff"]["reason"] == "replaced"


def test_before_the_duties_took_effect_the_base_rate_alone_applies(api, demo):
    # Proclaimed on 26 March, in force from 3 April.
    answer = lookup(api, "870323", "2025-03-30")
    (line,) = answer["lines"]
    assert (line["layers"], Decimal(line["total_ad_valorem"])) == ([], Decimal("2.5"))
    autos = skipped(answer)["Section 232 duty on imported automobiles"]
    assert autos["reason"] == "announced"
    assert "2025-04-03" in autos["detail"]


def test_parts_pay_the_baseline_until_their_section_232_duty_takes_effect(api, demo):
    before = lookup(api, "870899", "2025-04-10")
    assert {tuple(titles(line)) for line in before["lines"]} == {("Universal 10% baseline tariff",)}
    assert skipped(before)["Section 232 duty on imported automobile parts"]["reason"] == (
        "announced"
    )
    after = lookup(api, "870899", "2025-05-03")
    assert {tuple(titles(line)) for line in after["lines"]} == {
        ("Section 232 duty on imported automobile parts",)
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"importer": "XXX"}, "importer"),
        ({"exporter": "jp"}, "exporter"),
        ({"hs": "8703"}, "hs"),
        ({"hs": "999999"}, "hs"),
        ({"hs": "87032X"}, "hs"),
        ({"date": "10/04/2025"}, "date"),
        ({"date": "2025-02-30"}, "date"),
    ],
)
def test_a_bad_lookup_is_a_400_naming_the_field(api, demo, params, field):
    query = {"importer": "USA", "exporter": "JPN", "hs": "870323", "date": "2025-04-10"} | params
    response = api.get(LOOKUP, query)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_lookup_without_a_product_is_a_400(api, demo):
    response = api.get(LOOKUP, {"importer": "USA", "exporter": "JPN"})
    assert response.status_code == 400 and "hs" in response.json()


def coverage(api, title, **params):
    measure = Measure.objects.get(title=title)
    response = api.get(f"/api/v1/measures/{measure.pk}/coverage/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_car_duty_covers_2024_imports_from_japan_and_implies_the_duty_at_25_percent(api, demo):
    body = coverage(api, "Section 232 duty on imported automobiles", year=2024, date="2025-04-10")
    # 870323: 25,500 million + 870324: 12,000 million (illustrative sample).
    assert Decimal(body["trade_value_usd"]) == Decimal("37500000000")
    assert Decimal(body["implied_duty_usd"]) == Decimal("9375000000")
    assert (body["flow_count"], body["source"], body["fetched_at"]) == (
        2,
        "illustrative",
        "2025-04-16T00:00:00Z",
    )
    assert body["last_refreshed"] is None  # illustrative figures are never refreshed


def test_the_parts_duty_covers_gear_boxes_and_other_parts(api, demo):
    body = coverage(
        api, "Section 232 duty on imported automobile parts", year=2024, date="2025-06-01"
    )
    # 3,100 + 4,200 million at 25 %.
    assert Decimal(body["trade_value_usd"]) == Decimal("7300000000")
    assert Decimal(body["implied_duty_usd"]) == Decimal("1825000000")


def test_a_replaced_measure_implies_no_duty_on_the_trade_it_no_longer_takes(api, demo):
    # From 16 September 2025 Japan's 15 % all-in rate replaces the worldwide parts duty.
    body = coverage(
        api, "Section 232 duty on imported automobile parts", year=2024, date="2025-10-01"
    )
    assert Decimal(body["trade_value_usd"]) == Decimal("7300000000")
    assert Decimal(body["implied_duty_usd"]) == 0


def test_the_universal_rate_adds_nothing_to_trade_under_section_232(api, demo):
    # It covers every product, Japan's cars and parts included (44,800 million in 2024), but
    # they are subject to Section 232 and pay no baseline duty: the two never add up twice.
    body = coverage(api, "Universal 10% baseline tariff", year=2024, date="2025-06-01")
    assert Decimal(body["trade_value_usd"]) == Decimal("44800000000")
    assert Decimal(body["implied_duty_usd"]) == 0


def test_a_year_without_data_covers_nothing(api, demo):
    body = coverage(api, "Section 232 duty on imported automobiles", year=2019)
    assert Decimal(body["trade_value_usd"]) == 0


def test_coverage_needs_a_valid_year(api, demo):
    measure = Measure.objects.first()
    response = api.get(f"/api/v1/measures/{measure.pk}/coverage/", {"year": "last"})
    assert response.status_code == 400 and "year" in response.json()
