"""CSV exports carry what the JSON carries; repeated reads can be answered 304."""

import csv
import io

import pytest
from django.utils.http import http_date

from core.models import DataVersion

from .resources import LIST_RESOURCES

pytestmark = pytest.mark.django_db


def as_cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def csv_rows(api, resource, **params):
    response = api.get(f"/api/v1/{resource}/", {"format": "csv", **params})
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def json_rows(api, resource, **params):
    body = api.get(f"/api/v1/{resource}/", {"page_size": 500, **params}).json()
    assert body["next"] is None, "the list does not fit on one page"
    return [{k: as_cell(v) for k, v in row.items() if k != "url"} for row in body["results"]]


@pytest.mark.parametrize("resource", LIST_RESOURCES)
def test_the_csv_of_a_list_matches_its_json(api, demo, resource):
    rows = json_rows(api, resource)
    assert rows, f"the {resource} list is empty: two empty lists would prove nothing"
    assert csv_rows(api, resource) == rows


def test_the_csv_keeps_the_lists_filters(api, demo):
    filtered = csv_rows(api, "trade-flows", reporter="JPN", hs="1006")
    assert {(r["commodity"], r["year"]) for r in filtered} == {
        ("100630", "2023"),
        ("100630", "2024"),
    }
    assert filtered == json_rows(api, "trade-flows", reporter="JPN", hs="1006")


def test_the_trade_flow_csv_is_streamed(api, demo):
    response = api.get("/api/v1/trade-flows/", {"format": "csv"})
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="tradeflow.csv"'


def test_a_repeated_conditional_get_is_answered_304(api, demo):
    first = api.get("/api/v1/measures/")
    again = api.get("/api/v1/measures/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.content) == (304, b"")


def test_a_detail_carries_an_etag_and_last_modified(api, demo):
    response = api.get("/api/v1/commodities/870323/")
    assert response["ETag"]
    assert response["Last-Modified"] == http_date(DataVersion.latest().timestamp())


def test_a_get_since_the_last_change_is_answered_304(api, demo):
    first = api.get("/api/v1/rounds/")
    again = api.get("/api/v1/rounds/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_after_a_change_the_same_conditional_get_gets_the_new_body(api, editor_api, demo):
    first = api.get("/api/v1/sources/")
    editor_api.post(
        "/api/v1/sources/",
        {"publisher": "NHK", "title": "New round", "kind": "press"},
        format="json",
    )
    again = api.get("/api/v1/sources/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert any(s["publisher"] == "NHK" for s in again.json()["results"])


def test_a_change_moves_last_modified_forward(api, editor_api, demo):
    before = DataVersion.latest()
    editor_api.post(
        "/api/v1/sources/", {"publisher": "NHK", "title": "Later", "kind": "press"}, format="json"
    )
    assert DataVersion.latest() > before
