"""The effective tariff rate of a pair of parties, month by month, with the talks' events."""

import pytest
from django.urls import reverse

from .test_pages import page, parse

pytestmark = pytest.mark.django_db


def url(demo, **params):
    return reverse("negotiations:negotiation-rates", args=[demo.slug]), params


def test_one_row_per_month_from_january_2025_to_the_recorded_through_date(client, demo):
    path, params = url(demo, importer="USA", exporter="JPN")
    root = parse(page(client, path, **params))
    rows = root.find("table", **{"data-testid": "months"}).find("tbody").find_all("tr")
    months = [row.find("time").attrs["datetime"] for row in rows]
    assert months[0] == "2025-01" and months[-1] == "2026-02" and len(months) == 14
    by_month = {row.find("time").attrs["datetime"]: row.text() for row in rows}
    # Hand-computed in tests/pages/test_glance.py: 24.795 % in April 2025 (the rates of
    # 30 April: the parts duty starts on 3 May), 15 % from September 2025 (the 30th).
    assert "15.00 %" in by_month["2025-09"] and "15.00 %" in by_month["2026-02"]


def test_the_events_are_the_rounds_the_agreements_and_the_measures_steps(client, demo):
    path, params = url(demo, importer="USA", exporter="JPN")
    root = parse(page(client, path, **params))
    kinds = [
        item.find("span", "event-kind").text()
        for item in root.find("ol", **{"data-testid": "markers"}).find_all("li")
    ]
    assert kinds.count("round") == 7
    assert kinds.count("agreement") == 2
    text = root.find("ol", **{"data-testid": "markers"}).text()
    assert "struck down by a court" in text  # the ruling of 20 February 2026


def test_japans_side_says_there_is_no_data_rather_than_zero(client, demo):
    path, params = url(demo, importer="JPN", exporter="USA")
    root = parse(page(client, path, **params))
    rows = root.find("table", **{"data-testid": "months"}).find("tbody").find_all("tr")
    assert {"no data" in row.text() and "100 %" in row.text() for row in rows} == {True}


def test_a_party_that_is_not_in_the_talks_is_refused(client, demo):
    path, _ = url(demo)
    response = client.get(path, {"importer": "FRA", "exporter": "JPN"})
    assert response.status_code == 400
    assert "Choose two of the parties" in response.content.decode()
