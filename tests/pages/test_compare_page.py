"""The compare page: negotiations side by side, one column each, one row per fact, and its CSV.

Worked out by hand for the demo column (cases/japan-united-states.md, the demo's measures and
the US schedule extracts it loads), United States on goods from Japan, before the talks
(15 April 2025, the day before the first round) and as recorded (through 20 February 2026):
- autos, HS 8703.23 (one rate line, 2.5 %): 2.5 + 25 (the Section 232 auto duty, from
  3 April 2025) = 27.5 %; then Japan's 15 % all-in rate on cars and parts (from 16 September
  2025) = 15.0 %;
- steel, HS 7208.51 (one rate line, Free): 0 + 25 (the Section 232 steel duty, from 12 March
  2025) = 25.0 %; then 0 + 50 (raised from 4 June 2025) = 50.0 %. Goods under the Section 232
  duties pay no reciprocal duty, and that duty is struck down on 20 February 2026 anyway;
- the effective rate 24.795 % before and 15.000 % as recorded, −USD 4,388.022 million a year
  on USD 44,800 million of 2024 trade (worked out in tests/pages/test_glance.py);
- Japan's commitments of 22 July 2025, each announced that day and unchanged since: USD 550 bn
  of investment, US rice imports up 75 % within the minimum-access quota, USD 8 bn a year of
  US farm goods, 100 Boeing aircraft.
"""

import csv
import datetime as dt
import io

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse

from core.models import Economy
from negotiations.compare import MAX_COLUMNS, fact_labels
from negotiations.glance import at_a_glance
from tariffs.engine.bulk import BulkDuty

from ..factories import (
    AgreementFactory,
    CommitmentFactory,
    CommitmentStatusChangeFactory,
    EconomyFactory,
    NegotiationFactory,
)
from .test_page_queries import more_of_everything, queries
from .test_pages import page, parse

pytestmark = pytest.mark.django_db

URL = reverse("negotiations:compare")


@pytest.fixture
def others(demo):
    """Two more negotiations of the United States: one active, one with an agreement."""
    usa = Economy.objects.get(iso3="USA")
    korea = EconomyFactory(iso3="KOR", name="Korea")
    britain = EconomyFactory(iso3="GBR", name="United Kingdom")
    active = NegotiationFactory(
        title="Korea–United States tariff talks", slug="korea-us", started_on=dt.date(2025, 4, 24)
    )
    active.parties.set([korea, usa])
    concluded = NegotiationFactory(
        title="United Kingdom–United States economic prosperity deal",
        slug="uk-us",
        status="concluded",
        started_on=dt.date(2025, 4, 3),
        ended_on=dt.date(2025, 5, 8),
        recorded_through=dt.date(2025, 6, 30),
    )
    concluded.parties.set([britain, usa])
    deal = AgreementFactory(negotiation=concluded, announced_on=dt.date(2025, 5, 8))
    beef = CommitmentFactory(
        agreement=deal,
        giver=britain,
        description="Duty-free quota for US beef.",
        amount=13000,
        unit="tonnes",
        period="per year",
    )
    CommitmentStatusChangeFactory(commitment=beef, changed_on=dt.date(2025, 5, 8))
    return active, concluded


def compare_url(*negotiations):
    return URL + "?" + "&".join(f"n={n.slug}" for n in negotiations)


def rows(html):
    """{fact key: [cell text per column]} of the compare table, and the column titles."""
    table = parse(html).find("table", **{"data-testid": "compare"})
    titles = [th.text() for th in table.find("thead").find_all("th", "compare-column")]
    found = {
        tr.attrs["data-fact"]: [td.text() for td in tr.find_all("td")]
        for tr in table.find("tbody").find_all("tr")
    }
    return found, titles


def test_the_demo_column_shows_what_the_glance_and_the_engine_compute(client, demo):
    found, titles = rows(page(client, compare_url(demo)))
    assert titles == [demo.title]
    assert [key for key, _ in fact_labels()] == list(found)
    parties = list(demo.parties.all())
    glance = at_a_glance(demo, parties)
    assert found["parties"] == ["Japan, United States"]
    assert found["started"] == ["16 Apr 2025"] and found["ended"] == ["22 Jul 2025"]
    assert found["status"] == ["Concluded (as recorded through 20 Feb 2026)"]
    counts = (len(glance.agreed), len(glance.pending), len(glance.dropped))
    assert found["items"] == ["{} agreed, {} pending, {} dropped".format(*counts)]
    for rate in glance.rates:
        if rate.now.rate is None:
            continue
        pair = f"{rate.importer.name} on goods from {rate.exporter.name}"
        assert f"{pair}: {floatformat(rate.before.rate, 1)} %" in found["rate_before"][0]
        assert f"{pair}: {floatformat(rate.now.rate, 1)} %" in found["rate_now"][0]
        headline = f"{rate.importer.name}’s tariff on goods from {rate.exporter.name}"
        assert f"{headline}: {floatformat(rate.now.rate, 1)} %" in found["headline"][0]
    # Aluminium against the engine's own answer: the mean total duty of the code's lines.
    usa, japan = (Economy.objects.get(iso3=iso3) for iso3 in ("USA", "JPN"))
    us_rate = next(rate for rate in glance.rates if rate.importer == usa)
    before, after = (
        BulkDuty(usa, day).product(japan.pk, "760110").total
        for day in (us_rate.before_on, us_rate.now_on)
    )
    aluminium = f"{floatformat(before, 1)} % → {floatformat(after, 1)} %"
    assert f"United States on goods from Japan: {aluminium}" in found["aluminium"][0]


def test_the_demo_column_matches_the_hand_computation(client, demo):
    found, _ = rows(page(client, compare_url(demo)))
    us = "United States on goods from Japan"
    assert f"{us}: 27.5 % → 15.0 % (15 Apr 2025 → 20 Feb 2026)" in found["autos"][0]
    assert f"{us}: 25.0 % → 50.0 % (15 Apr 2025 → 20 Feb 2026)" in found["steel"][0]
    assert f"{us}: 24.8 % (15 Apr 2025)" in found["rate_before"][0]
    assert f"{us}: 15.0 % (20 Feb 2026)" in found["rate_now"][0]
    assert f"{us}: −USD 4.39 bn (on 2024 trade of USD 44.8 bn)" in found["duty_change"][0]
    # Japan has no national schedule in the demo: nothing is claimed for its tariff.
    japan = "Japan on goods from United States"
    assert f"{japan}: not computable → not computable" in found["steel"][0]
    commitments = found["commitments"][0]
    for pledge in (
        "Japan: USD 550 bn of investment in the United States. (USD 550 bn; Announced since "
        "22 Jul 2025)",
        "(75 %; Announced since 22 Jul 2025)",
        "Japan: USD 8 bn a year of US agricultural goods: corn, soybeans, fertiliser, "
        "bioethanol and aviation fuel. (USD 8 bn per year; Announced since 22 Jul 2025)",
        "Japan: 100 Boeing aircraft. (100 aircraft; Announced since 22 Jul 2025)",
        # The order's reciprocal rule lost its basis with the ruling of 20 February 2026.
        "(15 %; Reversed since 20 Feb 2026)",
    ):
        assert pledge in commitments, pledge
    # The one commitment without an amount (no reciprocal duty on aircraft...) is counted.
    assert "1 more commitment in the agreements" in commitments


def test_three_negotiations_make_three_columns(client, demo, others):
    active, concluded = others
    found, titles = rows(page(client, compare_url(demo, active, concluded)))
    assert titles == [demo.title, active.title, concluded.title]
    assert all(len(cells) == 3 for cells in found.values())
    assert found["status"][1] == "Active"
    assert found["status"][2] == "Concluded (as recorded through 30 Jun 2025)"
    assert found["ended"][1] == "—"
    assert found["commitments"][1] == "none recorded"
    assert found["commitments"][2] == (
        "United Kingdom: Duty-free quota for US beef. (13,000 tonnes per year; Announced since "
        "8 May 2025)"
    )
    # No trade recorded between the United States and Korea: no rate, and it says so.
    no_data = "United States on goods from Korea: no data (no annual imports recorded)"
    assert no_data in found["rate_now"][1]


def test_an_unknown_negotiation_is_named_on_the_page(client, demo):
    response = client.get(URL, {"n": [demo.slug, "no-such-talks"]})
    assert response.status_code == 400
    root = parse(response.content.decode())
    message = root.find("div", **{"data-testid": "compare-errors"}).text()
    assert message == "No negotiation found for: no-such-talks."
    assert root.find_all("table", **{"data-testid": "compare"}) == []
    # The form to pick again keeps the negotiation that was found.
    pick = root.find("form", **{"data-testid": "compare-pick"})
    assert "checked" in pick.find("input", value=demo.slug).attrs


def test_more_than_four_negotiations_are_refused(client, demo):
    slugs = [demo.slug, *(f"talks-{i}" for i in range(MAX_COLUMNS))]
    response = client.get(URL, {"n": slugs})
    assert response.status_code == 400
    message = parse(response.content.decode()).find("div", **{"data-testid": "compare-errors"})
    assert message.text() == "Compare at most 4 negotiations at a time: 5 were chosen."


def test_without_a_negotiation_the_page_offers_a_form(client, demo, others):
    root = parse(page(client, URL))
    assert root.find_all("table", **{"data-testid": "compare"}) == []
    pick = root.find("form", **{"data-testid": "compare-pick"})
    assert pick.attrs["method"] == "get" and pick.attrs["action"] == URL
    boxes = pick.find_all("input", type="checkbox", name="n")
    assert {box.attrs["value"] for box in boxes} == {demo.slug, "korea-us", "uk-us"}
    for box in boxes:  # each box has its label
        assert pick.find("label", **{"for": box.attrs["id"]}).text()


def test_the_csv_has_a_row_per_fact_and_a_column_per_negotiation(client, demo, others):
    active, concluded = others
    url = compare_url(demo, active, concluded)
    link = parse(page(client, url)).find("a", **{"data-testid": "compare-csv"}).attrs["href"]
    assert link == f"?n={demo.slug}&n=korea-us&n=uk-us&format=csv"
    response = client.get(URL + link)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="compare-{demo.slug}-korea-us-uk-us.csv"'
    )
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0] == ["Fact", demo.title, active.title, concluded.title]
    assert [row[0] for row in table[1:]] == [label for _, label in fact_labels()]
    assert all(len(row) == 4 for row in table)
    by_label = {row[0]: row[1:] for row in table[1:]}
    assert by_label["Status"] == [
        "Concluded (as recorded through 20 Feb 2026)",
        "Active",
        "Concluded (as recorded through 30 Jun 2025)",
    ]
    # A cell's lines are lines of the cell, as on the page.
    steel = by_label["Steel: hot-rolled flat, HS 7208.51: duty before the talks → as recorded"]
    assert "United States on goods from Japan: 25.0 % → 50.0 % (15 Apr 2025 → 20 Feb 2026)" in (
        steel[0].splitlines()
    )
    assert "Japan: 100 Boeing aircraft. (100 aircraft; Announced since 22 Jul 2025)" in (
        by_label["Main commitments"][0].splitlines()
    )


def test_the_negotiation_list_opens_the_compare_page(client, demo, others):
    root = parse(page(client, reverse("negotiations:negotiation-list")))
    form = root.find("form", **{"data-testid": "compare-form"})
    assert form.attrs["action"] == URL and form.attrs["method"] == "get"
    boxes = form.find_all("input", type="checkbox", name="n")
    assert {box.attrs["value"] for box in boxes} == {demo.slug, "korea-us", "uk-us"}
    assert form.find("button", type="submit").text() == "Compare the chosen negotiations"


def test_three_columns_run_the_same_queries_with_more_rows(client, demo, others):
    url = compare_url(demo, *others)
    more_of_everything(demo, 1)
    before = queries(client, url)
    more_of_everything(demo, 19)  # 20 extra rounds, agreements, commitments, measures ...
    assert queries(client, url) == before


def test_more_columns_run_the_same_queries(client, demo, others, settings):
    """The columns are computed together: the rates, duties, concessions and commitments of
    every column are each read once, so three columns cost the queries of one."""
    settings.PAGE_FRAGMENT_CACHE_SECONDS = 0  # each request computes its columns
    queries(client, compare_url(demo, *others))  # the effective rates computed and kept
    one = queries(client, compare_url(demo))
    assert queries(client, compare_url(demo, *others)) == one
