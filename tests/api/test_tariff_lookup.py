"""The tariff on a product from a partner on a date, and the trade a measure covers.

Expected figures are worked out by hand from the demo: Section 232 puts 25% on cars from
3 April 2025 and on parts from 3 May; the universal 10% applies from 5 April to everything but
cars and parts; Japan's 24% reciprocal rate applied on 9 April only, then was paused.
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


def test_a_japanese_car_pays_the_25_percent_section_232_duty(api, demo):
    answer = lookup(api, "870323", "2025-04-10")
    assert Decimal(answer["combined_additional_rate"]) == Decimal("25")
    [autos] = answer["applied"]
    assert (autos["measure"]["legal_basis"], autos["matched_scope_line"]) == ("section_232", "8703")
    assert "scope line 8703" in autos["reason"]


def test_a_car_is_outside_the_universal_rate(api, demo):
    titles = {m["measure"]["title"] for m in lookup(api, "870323", "2025-04-10")["applied"]}
    assert "Universal 10% baseline tariff" not in titles


def test_japanese_rice_pays_the_universal_10_percent_while_the_reciprocal_rate_is_paused(api, demo):
    answer = lookup(api, "100630", "2025-04-10")
    assert Decimal(answer["combined_additional_rate"]) == Decimal("10")
    assert [m["state"]["status"] for m in answer["not_applied"]] == ["paused"]
    assert answer["applied"][0]["matched_scope_line"] == "all products"


def test_on_the_day_before_the_pause_the_higher_reciprocal_rate_replaces_the_baseline(api, demo):
    answer = lookup(api, "100630", "2025-04-09")
    assert len(answer["applied"]) == 2
    assert Decimal(answer["combined_additional_rate"]) == Decimal("24")


def test_before_the_duties_took_effect_nothing_applies(api, demo):
    answer = lookup(api, "870323", "2025-03-01")
    assert (answer["applied"], Decimal(answer["combined_additional_rate"])) == ([], 0)


def test_an_announced_duty_is_listed_but_not_applied(api, demo):
    answer = lookup(api, "870840", "2025-04-10")
    assert answer["applied"] == []
    assert [m["state"]["status"] for m in answer["not_applied"]] == ["announced"]


def test_parts_pay_25_percent_once_in_force(api, demo):
    assert Decimal(lookup(api, "870840", "2025-05-03")["combined_additional_rate"]) == 25


def test_a_national_tariff_line_is_matched_by_its_hs_prefix(api, demo):
    assert Decimal(lookup(api, "8703231000", "2025-04-10")["combined_additional_rate"]) == 25


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"importer": "XXX"}, "importer"),
        ({"exporter": "jp"}, "exporter"),
        ({"hs": "8703"}, "hs"),
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
    body = coverage(api, "Section 232 duty on imported automobile parts", year=2024)
    assert Decimal(body["trade_value_usd"]) == Decimal("7300000000")
    assert Decimal(body["implied_duty_usd"]) == Decimal("1825000000")


def test_the_universal_rate_covers_nothing_the_car_duties_take(api, demo):
    body = coverage(api, "Universal 10% baseline tariff", year=2024)
    assert (Decimal(body["trade_value_usd"]), body["flow_count"], body["source"]) == (0, 0, None)


def test_a_year_without_data_covers_nothing(api, demo):
    body = coverage(api, "Section 232 duty on imported automobiles", year=2019)
    assert Decimal(body["trade_value_usd"]) == 0


def test_coverage_needs_a_valid_year(api, demo):
    measure = Measure.objects.first()
    response = api.get(f"/api/v1/measures/{measure.pk}/coverage/", {"year": "last"})
    assert response.status_code == 400 and "year" in response.json()
