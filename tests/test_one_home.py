"""Each rule has one home, and every page, API answer and plan that needs it asks there.

- which measures reach an economy (with its unions) and which are in play between parties:
  `MeasureQuerySet.targeting` / `in_play`, asked by the negotiation page, its timeline, the
  tariff lookup and the trade refresh plan alike;
- a measure's state on a date: `Measure.state_on`, asked by the API (list, detail, CSV) and
  the measures page with the request's `on`;
- "applied" takes in a modified measure, in the status filter, the lookup and coverage alike.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from commodities.models import TradeFlow
from core.models import Economy
from negotiations.refresh import negotiation_codes, plan_negotiation
from negotiations.services import timeline
from tariffs.engine import lookup_duty
from tariffs.models import Measure, Status
from tariffs.services import measure_coverage

from .demo_data import copy_demo
from .factories import (
    CommodityFactory,
    EconomyFactory,
    MeasureChangeFactory,
    MeasureFactory,
    NegotiationFactory,
    ScopeLineFactory,
)

FETCHED = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)


@pytest.fixture
def demo(db):
    return copy_demo()


@pytest.fixture
def union_talks(db):
    """Talks between the United States and Germany; a US duty aimed at the EU, Germany's union."""
    usa = EconomyFactory(iso3="USA", name="United States", comtrade_code=842)
    germany = EconomyFactory(iso3="DEU", name="Germany", comtrade_code=276)
    eu = EconomyFactory(iso3="EUU", name="European Union", kind=Economy.Kind.CUSTOMS_UNION)
    eu.members.set([germany])
    talks = NegotiationFactory(title="United States–Germany talks", slug="usa-germany")
    talks.parties.set([usa, germany])
    duty = MeasureFactory(title="Duty on cars from the EU", issuer=usa)
    duty.targets.set([eu])
    ScopeLineFactory(measure=duty, commodity=CommodityFactory(code="870323"))
    MeasureChangeFactory(
        measure=duty, effective_on=dt.date(2025, 4, 3), status="in_force", ad_valorem_rate=25
    )
    TradeFlow.objects.create(
        source="comtrade",
        reporter=usa,
        partner=germany,
        commodity_id="870323",
        year=2024,
        flow="M",
        value_usd=Decimal("1000"),
        fetched_at=FETCHED,
    )
    return talks, duty, usa, germany


def section(html, heading_id):
    """The HTML of the <section> whose heading has this id."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", html.index(f'id="{heading_id}"'))]


def test_a_measure_aimed_at_a_union_is_in_play_with_a_member(union_talks):
    _talks, duty, usa, germany = union_talks
    assert list(Measure.objects.in_play([usa, germany])) == [duty]
    # The lookup, asking the same rule of one exporter, agrees.
    answer = lookup_duty(usa, germany, "870323", dt.date(2025, 5, 1))
    assert [layer.measure for layer in answer.layers] == [duty]


def test_the_api_lists_the_measures_in_play_between_economies(union_talks):
    rows = APIClient().get("/api/v1/measures/?between=USA&between=DEU").json()["results"]
    assert [row["title"] for row in rows] == ["Duty on cars from the EU"]
    rows = APIClient().get("/api/v1/measures/?between=DEU&between=EUU").json()["results"]
    assert rows == []


def test_a_measure_aimed_at_a_union_is_on_the_negotiation_page(client, union_talks):
    talks, duty, _usa, _germany = union_talks
    html = client.get(reverse("negotiations:negotiation", args=[talks.slug])).content.decode()
    in_play = section(html, "measures-heading")
    assert duty.title in in_play
    # USD 1,000 of German cars at 25%: USD 250 of duty, written as every page writes USD.
    assert "USD 1 k" in in_play and "USD 250" in in_play
    assert duty.title in section(html, "timeline-heading")


def test_a_measure_aimed_at_a_union_is_in_the_timeline(union_talks):
    talks, duty, _usa, _germany = union_talks
    events = [event for event in timeline(talks).events if event.kind == "measure"]
    assert [event.title for event in events] == [f"{duty.title}: in force at 25%"]
    assert events[0].url == duty.get_absolute_url()


def test_a_measure_aimed_at_a_union_is_in_the_refresh_plan(union_talks, settings):
    talks, _duty, _usa, _germany = union_talks
    assert negotiation_codes(talks) == ("870323",)
    plans = plan_negotiation(talks, years=[2024])
    assert {(plan.query.reporter, plan.query.partner) for plan in plans} >= {
        ("USA", "DEU"),
        ("DEU", "USA"),
    }
    assert all(plan.query.codes == ("870323",) for plan in plans)


def test_a_measure_between_others_is_not_in_play(union_talks):
    _talks, _duty, usa, germany = union_talks
    japan = EconomyFactory(iso3="JPN", name="Japan")
    aside = MeasureFactory(title="Duty on goods from Japan", issuer=usa)
    aside.targets.set([japan])
    assert aside not in Measure.objects.in_play([usa, germany])


# --- A measure's state on the request's date ---------------------------------------------------
# The demo's reciprocal tariff on Japanese goods (cases/japan-united-states.md): announced at
# 24% on 2 April 2025, in force on 9 April, paused on 10 April.


def api_measure(rows, title):
    return next(row for row in rows if row["title"] == title)


RECIPROCAL = "Reciprocal tariff on goods from Japan"


@pytest.mark.parametrize(
    ("on", "status", "rate", "label"),
    [
        # Published on 2 April for 9 April: no state yet, announced for later on the pages.
        ("2025-04-02", None, None, "Announced"),
        ("2025-04-09", "in_force", "24.000", "In force"),
        ("2025-04-10", "paused", "24.000", "Paused"),
        ("2025-04-01", None, None, "Not yet announced"),
    ],
)
def test_the_api_list_csv_detail_and_page_give_the_state_on_the_date(
    demo, client, on, status, rate, label
):
    api = APIClient()
    listed = api_measure(api.get("/api/v1/measures/", {"on": on}).json()["results"], RECIPROCAL)
    assert (listed["status"], listed["ad_valorem_rate"]) == (status, rate)

    body = api.get("/api/v1/measures/", {"on": on, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(body.streaming_content).decode())))
    row = api_measure(rows, RECIPROCAL)
    assert (row["status"], row["ad_valorem_rate"]) == (status or "", rate or "")

    measure = Measure.objects.get(title=RECIPROCAL)
    detail = api.get(f"/api/v1/measures/{measure.pk}/", {"on": on}).json()
    assert (detail["status"], detail["ad_valorem_rate"]) == (status, rate)

    html = client.get(reverse("tariffs:measure-list"), {"on": on}).content.decode()
    table = html[html.index("<tbody") : html.index("</tbody>")]
    cells = table[table.index(RECIPROCAL) :]
    cells = cells[: cells.index("</tr>")]
    expected = label
    assert expected in cells
    if rate or label == "Announced":
        assert "adds 24 %" in cells

    page = client.get(measure.get_absolute_url(), {"on": on}).content.decode()
    facts = page[page.index('<dl class="facts">') : page.index("</dl>")]
    assert expected in facts


def test_a_malformed_date_is_a_400_naming_on(demo):
    api = APIClient()
    measure = Measure.objects.get(title=RECIPROCAL)
    answer = api.get(f"/api/v1/measures/{measure.pk}/", {"on": "10/04/2025"})
    assert answer.status_code == 400
    assert "on" in answer.json()


# --- "Applied" takes in a modified measure ----------------------------------------------------


@pytest.fixture
def modified_and_paused(db):
    """Two US duties on Japanese rice: one in force then modified, one in force then paused."""
    usa = EconomyFactory(iso3="USA", name="United States")
    japan = EconomyFactory(iso3="JPN", name="Japan")
    rice = CommodityFactory(code="100630")
    modified = MeasureFactory(title="Modified duty", issuer=usa)
    paused = MeasureFactory(title="Paused duty", issuer=usa)
    for measure, second in ((modified, Status.MODIFIED), (paused, Status.PAUSED)):
        measure.targets.set([japan])
        ScopeLineFactory(measure=measure, commodity=rice)
        MeasureChangeFactory(
            measure=measure, effective_on=dt.date(2025, 4, 5), status="in_force", ad_valorem_rate=10
        )
        MeasureChangeFactory(
            measure=measure, effective_on=dt.date(2025, 6, 1), status=second, ad_valorem_rate=15
        )
    TradeFlow.objects.create(
        source="comtrade",
        reporter=usa,
        partner=japan,
        commodity=rice,
        year=2024,
        flow="M",
        value_usd=Decimal("2000"),
        fetched_at=FETCHED,
    )
    return usa, japan, modified, paused


def test_a_modified_measure_is_in_force_for_the_status_filter(modified_and_paused):
    api = APIClient()
    rows = api.get("/api/v1/measures/", {"status": "in_force", "on": "2025-07-01"}).json()
    assert [row["title"] for row in rows["results"]] == ["Modified duty"]
    rows = api.get("/api/v1/measures/", {"status": "modified", "on": "2025-07-01"}).json()
    assert [row["title"] for row in rows["results"]] == ["Modified duty"]


def test_a_modified_measure_applies_in_the_lookup(modified_and_paused):
    usa, japan, modified, paused = modified_and_paused
    answer = lookup_duty(usa, japan, "100630", dt.date(2025, 7, 1))
    assert [layer.measure for layer in answer.layers] == [modified]
    assert [entry.measure for entry in answer.skipped] == [paused]
    # No schedule is loaded: the layers stand without a base rate, and no total is claimed.
    assert [layer.adds.ad_valorem for layer in answer.layers] == [Decimal("15")]
    assert answer.lines[0].total is None


def test_a_modified_measure_implies_duty_in_coverage(modified_and_paused):
    _usa, _japan, modified, paused = modified_and_paused
    on = dt.date(2025, 7, 1)
    # USD 2,000 of rice at the modified 15%: USD 300.
    assert measure_coverage(modified, 2024, on).implied_duty_usd == Decimal("300.00")
    # A paused duty is not collected: it covers the trade but implies no duty.
    paused_coverage = measure_coverage(paused, 2024, on)
    assert paused_coverage.trade_value_usd == Decimal("2000")
    assert paused_coverage.implied_duty_usd is None
