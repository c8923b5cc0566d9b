"""No CSV of the site holds a live formula: a text cell a spreadsheet would run (it starts with
=, +, -, @, a tab or a carriage return) is written with a single quote before it; numbers,
and text that is a plain number, are written as they are."""

import csv
import io
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from core import exports
from core.api.renderers import FlatCSVRenderer
from core.models import Economy
from tariffs.models import Measure
from tests.factories import MeasureFactory, NegotiationFactory
from tests.pages.test_compare_page import compare_url

from .conftest import INJECTIONS

pytestmark = pytest.mark.django_db


def table(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def streamed(response):
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def injected(demo):
    usa = Economy.objects.get(iso3="USA")
    for title in [*INJECTIONS, "-12.5"]:
        MeasureFactory(title=title, issuer=usa)
    return {f"'{title}" for title in INJECTIONS}


def test_each_injection_in_the_api_csv_of_measures_is_neutralised(api, injected):
    rows = list(
        csv.DictReader(io.StringIO(streamed(api.get("/api/v1/measures/?format=csv")), newline=""))
    )
    titles = {row["title"] for row in rows}
    assert injected <= titles
    assert not titles & set(INJECTIONS)
    # A title that is a plain negative number is no formula: it stays a number.
    assert "-12.5" in titles
    # Numeric columns are written as they are.
    auto = next(row for row in rows if row["title"] == "Section 232 duty on imported automobiles")
    assert int(auto["id"]) == Measure.objects.get(title=auto["title"]).pk


def test_each_injection_in_the_measures_page_csv_is_neutralised(client, injected):
    html = client.get(reverse("tariffs:measure-list"), {"issuer": "USA"}).content.decode()
    marker = html.index("Download these measures as CSV")
    href = html[:marker].rsplit('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    link = urlsplit(href)
    rows = list(
        csv.DictReader(io.StringIO(streamed(client.get(f"{link.path}?{link.query}")), newline=""))
    )
    titles = {row["title"] for row in rows}
    assert injected <= titles
    assert not titles & set(INJECTIONS)
    assert "-12.5" in titles


def test_the_api_renderer_leaves_numbers_and_negative_numbers_as_numbers():
    header = ["decimal", "int", "float", "text_number", "formula", "date", "plain"]
    row = {
        "decimal": Decimal("-12.5"),
        "int": -3,
        "float": -0.25,
        "text_number": "-12.50",
        "formula": "-12.5+1",
        "date": "2025-04-05",
        "plain": "Japan",
    }
    rendered = b"".join(FlatCSVRenderer().render([row], renderer_context={"header": header}))
    assert table(rendered.decode()) == [
        header,
        ["-12.5", "-3", "-0.25", "-12.50", "'-12.5+1", "2025-04-05", "Japan"],
    ]


@pytest.mark.parametrize("text", INJECTIONS)
def test_the_rule_prefixes_a_single_quote(text):
    assert exports.neutralise(text) == f"'{text}"


@pytest.mark.parametrize("value", [Decimal("-12.5"), -3, -0.25, "-12.5", "+7", "1e5", None, ""])
def test_the_rule_leaves_numbers_as_they_are(value):
    assert exports.neutralise(value) == value


def test_the_compare_csv_neutralises_titles_and_cells(client, demo):
    hostile = NegotiationFactory(title='=HYPERLINK("http://x","y")', slug="hostile")
    hostile.parties.set(Economy.objects.filter(iso3__in=["USA", "JPN"]))
    response = client.get(compare_url(demo, hostile) + "&format=csv")
    assert response.status_code == 200
    rows = table(response.content.decode())
    assert rows[0] == ["Fact", demo.title, '\'=HYPERLINK("http://x","y")']
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for row in rows for cell in row)
    by_label = {row[0]: row[1:] for row in rows[1:]}
    assert by_label["Status"][0] == "Concluded (as recorded through 20 Feb 2026)"


def test_the_tariff_lookup_csv_neutralises_a_measures_title(client, demo):
    baseline = Measure.objects.get(title="Universal 10% baseline tariff")
    baseline.title = "=cmd|' /C calc'!A0"
    baseline.save()
    response = client.get(
        reverse("api:tariff-lookup"),
        {"importer": "USA", "exporter": "JPN", "hs": "61091000", "date": "2025-05-01"}
        | {"format": "csv"},
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode(), newline="")))
    assert [row["measure"] for row in rows] == ["'=cmd|' /C calc'!A0"]
    assert rows[0]["total_ad_valorem"] == "26.5000"
