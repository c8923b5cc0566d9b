"""The lookup over the API: JSON, CSV one row per layer, and 400s naming the field."""

import csv
import io

import pytest

pytestmark = pytest.mark.django_db
URL = "/api/v1/tariff-lookup/"


def ask(client, **params):
    return client.get(URL, {"importer": "USA", "exporter": "JPN", **params})


def test_the_answer_carries_the_legal_chain(client, demo):
    body = ask(client, hs="6109100010", date="2025-08-10").json()
    (line,) = body["lines"]
    assert line["base_rate"] == "16.5%"
    assert line["revision"]
    assert line["total_ad_valorem"] == "16.5000"
    (layer,) = line["layers"]
    assert layer["chapter99_heading"] == "9903.02.73"
    # As Revision 23 publishes it (2026 Revision 10 no longer lists it).
    assert "15%" in layer["chapter99_heading_text"]
    assert "August 7, 2025" in layer["chapter99_heading_text"]
    assert layer["retroactive"] is True
    assert layer["legal_basis"].startswith("IEEPA")
    assert "15 % in total" in layer["rate"]
    assert any(source["link"].endswith("2025-17389.htm") for source in layer["sources"])
    reasons = {item["measure"]["title"]: item["reason"] for item in body["not_applied"]}
    assert reasons["Universal 10% baseline tariff"] == "replaced"


def test_known_on_answers_as_the_law_read(client, demo):
    body = ask(client, hs="61091000", date="2025-08-10", known_on="2025-08-10").json()
    assert body["known_on"] == "2025-08-10"
    assert body["lines"][0]["total_ad_valorem"] == "31.5000"


def test_an_hs6_code_answers_for_each_line_beneath(client, demo):
    body = ask(client, hs="870323", date="2025-09-20").json()
    assert [line["code"] for line in body["lines"]] == ["87032301"]
    assert body["lines_agree"] is True


def test_csv_gives_one_row_per_layer(client, demo):
    response = ask(client, hs="61091000", date="2025-05-01", format="csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["measure"] for row in rows] == ["Universal 10% baseline tariff"]
    assert rows[0]["total_ad_valorem"] == "26.5000"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"hs": "61091000", "date": "2025-05-01", "importer": "XXX"}, "importer"),
        ({"hs": "61091000", "date": "2025-05-01", "exporter": "ZZZ"}, "exporter"),
        ({"hs": "999999", "date": "2025-05-01"}, "hs"),
        ({"hs": "6109", "date": "2025-05-01"}, "hs"),
        ({"hs": "61091000", "date": "2025-13-01"}, "date"),
        ({"hs": "61091000", "date": "2025-05-01", "known_on": "yesterday"}, "known_on"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, demo, params, field):
    response = ask(client, **params)
    assert response.status_code == 400
    assert field in response.json()
