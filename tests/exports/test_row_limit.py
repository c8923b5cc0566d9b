"""A CSV answered at once holds at most CSV_MAX_ROWS rows: a longer list is a 400 in JSON,
with the limit, the row count and how to ask for its background export, before any row is
sent; never a cut file."""

import csv
import io

import pytest
from django.urls import reverse

from commodities.models import TradeFlow
from tariffs.models import Measure

pytestmark = pytest.mark.django_db


def test_a_list_over_the_limit_is_refused_with_the_limit_and_the_count(api, demo, settings):
    settings.CSV_MAX_ROWS = 5
    total = TradeFlow.objects.count()
    assert total == 14  # the demo's illustrative sample
    response = api.get("/api/v1/trade-flows/", {"format": "csv", "reporter": "USA", "page": 2})
    assert response.status_code == 400
    assert not response.streaming
    assert response["Content-Type"] == "application/json"
    body = response.json()
    usa_rows = TradeFlow.objects.filter(reporter__iso3="USA").count()
    assert usa_rows > 5
    assert (body["limit"], body["rows"]) == (5, usa_rows)
    assert f"{usa_rows:,} rows, more than the 5" in body["detail"]
    assert body["export"] == {
        "method": "POST",
        "url": "http://testserver/api/v1/exports/",
        "body": {"path": "/api/v1/trade-flows/?reporter=USA"},
    }


def test_a_list_under_the_limit_is_the_whole_file(api, demo, settings):
    measures = Measure.objects.count()
    settings.CSV_MAX_ROWS = measures
    response = api.get("/api/v1/measures/", {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == measures
    settings.CSV_MAX_ROWS = measures - 1
    assert api.get("/api/v1/measures/", {"format": "csv"}).status_code == 400


def test_the_filters_count_not_the_whole_table(api, demo, settings):
    settings.CSV_MAX_ROWS = 5
    response = api.get("/api/v1/trade-flows/", {"format": "csv", "reporter": "JPN", "hs": "1006"})
    assert response.status_code == 200
    assert len(list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))) == 3


def test_an_error_of_a_csv_request_is_told_in_json(api, demo):
    response = api.get("/api/v1/measures/", {"format": "csv", "on": "not a date"})
    assert response.status_code == 400
    assert response.json() == {"on": ["Enter a valid date."]}


def test_the_measures_page_says_why_there_is_no_csv_and_how_to_export(client, demo, settings):
    settings.CSV_MAX_ROWS = 5
    html = client.get(reverse("tariffs:measure-list"), {"issuer": "USA"}).content.decode()
    assert "Download these measures as CSV" not in html
    count = Measure.objects.filter(issuer__iso3="USA").count()
    assert f"This list has {count} rows, more than the 5" in html
    assert "POST /api/v1/exports/" in html
    assert '{"path": "/api/v1/measures/?issuer=USA"}' in html


def test_under_the_limit_the_measures_page_links_its_csv(client, demo, settings):
    settings.CSV_MAX_ROWS = Measure.objects.count()
    html = client.get(reverse("tariffs:measure-list")).content.decode()
    assert "Download these measures as CSV" in html
    assert "/api/v1/exports/" not in html
