"""The agreement page: its facts and sources, the commitments with their amounts, statuses and
implementing measures, the trade that measures each commitment, the negotiation page's list
of agreements, the search, and the cost of the page in queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commodities.models import TradeFlow
from core.models import Economy
from negotiations.models import Agreement, Commitment
from tariffs.models import Measure

from ..factories import (
    CommitmentFactory,
    CommitmentStatusChangeFactory,
    CommodityFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date
DEAL = "Japan–United States tariff agreement of 22 July 2025"
ORDER = "Executive Order 14345: Implementing the United States-Japan Agreement"


def section(html, heading_id):
    """The HTML of the <section> whose heading has this id."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


def page(client, title):
    agreement = Agreement.objects.get(title=title)
    response = client.get(reverse("negotiations:agreement", args=[agreement.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_agreement_page_shows_its_facts_and_sources(client, demo):
    html = page(client, DEAL)
    assert f"<h1>{DEAL}</h1>" in html
    assert "Framework announced" in html and "22 Jul 2025" in html
    assert "Japan, United States" in html
    assert "Japan-U.S. tariff agreement: 15% on Japanese goods" in html
    assert 'href="https://japannews.yomiuri.co.jp/business/economy/20250725-271862/"' in html
    assert demo.get_absolute_url() in html


def test_the_agreement_page_lists_the_commitments_with_amounts_statuses_and_measures(client, demo):
    commitments = section(page(client, DEAL), "commitments-heading")
    for amount in ("USD 550 bn", "75 %", "USD 8 bn per year", "100 aircraft", "15 %"):
        assert f'<td class="amount">{amount}</td>' in commitments, amount
    assert 'Announced</span> since <time datetime="2025-07-22">' in commitments
    assert 'Implemented</span> since <time datetime="2025-09-04">' in commitments
    # The order that implemented the US commitment is cited on that step.
    assert "Executive Order 14345: Implementing the United States-Japan Agreement" in commitments
    for title in ("Reciprocal tariff on goods from Japan", "Section 232 autos and parts"):
        measure = Measure.objects.get(title__startswith=title)
        title = measure.title.replace("'", "&#x27;")
        assert f'<a href="{measure.get_absolute_url()}">{title}</a>' in commitments
    assert 'href="/commodities/1006/"' in commitments


def test_the_implementing_orders_reciprocal_rule_reads_reversed_by_the_ruling(client, demo):
    commitments = section(page(client, ORDER), "commitments-heading")
    assert 'Reversed</span> since <time datetime="2026-02-20">' in commitments
    assert "Learning Resources, Inc. v. Trump, No. 24-1287 (opinion)" in commitments
    assert 'Implemented</span> since <time datetime="2025-09-16">' in commitments


def test_the_agreement_page_shows_the_trade_that_measures_each_commitment(client, demo):
    trade = section(page(client, DEAL), "trade-heading")
    # Japan's imports from the United States within 1005, 1201, 31, 2207 and 271019: the
    # demo's flows hold only soya beans (120190), USD 1,100 million in 2023 and 1,000 million
    # in 2024 (negotiations/demo/trade.py). Against USD 8 bn a year: 1,100 / 8,000 = 13.75 %,
    # shown to one decimal as 13.8 %; 1,000 / 8,000 = 12.5 %.
    assert "<td>2023</td>" in trade and "<td>2024</td>" in trade
    assert "1,100,000,000" in trade and "13.8 %" in trade
    assert "1,000,000,000" in trade and "12.5 %" in trade
    assert "<td>120190</td>" in trade
    assert "Illustrative (not sourced)" in trade
    assert "16 Apr 2025 00:00" in trade  # the flows' fetched_at
    # Rice is measured in tonnes; the demo's rice flows carry values only.
    assert (
        "No trade data stored for Japan&#x27;s imports from United States of HS 1006 in "
        "tonnes. The stored flows (2023, 2024) give values in USD only, no quantity."
    ) in trade
    assert "No trade data stored for Japan&#x27;s imports from United States of HS 8802" in trade
    # The investment names no trade data, so it has no place here.
    assert "550 bn of investment" not in trade


def test_the_negotiation_page_lists_its_agreements(client, demo):
    html = client.get(demo.get_absolute_url()).content.decode()
    agreements = section(html, "agreements-heading")
    deal = Agreement.objects.get(title=DEAL)
    assert f'<a href="{deal.get_absolute_url()}">{DEAL}</a>' in agreements
    assert "(5 commitments)" in agreements and "(3 commitments)" in agreements
    assert agreements.index(DEAL) < agreements.index(ORDER)


def test_the_search_finds_agreements_and_commitments(client, demo):
    html = client.get(reverse("negotiations:search"), {"q": "Boeing aircraft"}).content.decode()
    boeing = Commitment.objects.get(description__startswith="100 Boeing")
    assert boeing.get_absolute_url() in html
    html = client.get(reverse("negotiations:search"), {"q": "Implementing"}).content.decode()
    assert Agreement.objects.get(title=ORDER).get_absolute_url() in html


# --- Query counts --------------------------------------------------------------------------------


def add_commitments(agreement, n):
    """`n` measurable commitments with products, measures, sources and two status changes."""
    japan, usa = Economy.objects.get(iso3="JPN"), Economy.objects.get(iso3="USA")
    measure = Measure.objects.get(title="Reciprocal tariff on goods from Japan")
    start = agreement.commitments.count()
    for i in range(start, start + n):
        source = SourceFactory()
        code = CommodityFactory(code=f"12{i + 10:02d}")
        TradeFlow.objects.create(
            source="illustrative",
            reporter=japan,
            partner=usa,
            commodity=CommodityFactory(code=f"{code.code}90"),
            year=2024,
            flow="M",
            value_usd=Decimal(1000),
            fetched_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        )
        commitment = CommitmentFactory(
            agreement=agreement,
            giver=japan,
            amount=Decimal(i),
            unit="USD bn",
            trade_reporter=japan,
            trade_partner=usa,
            trade_unit="USD",
        )
        commitment.products.set([code])
        commitment.measures.set([measure])
        commitment.sources.set([source])
        for day, status in ((D(2025, 7, 22), "announced"), (D(2025, 9, 1), "implemented")):
            CommitmentStatusChangeFactory(
                commitment=commitment, changed_on=day, status=status
            ).sources.set([source])


def query_count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_the_page_and_the_api_cost_the_same_queries_for_1_and_20_more_commitments(client, demo):
    deal = Agreement.objects.get(title=DEAL)
    urls = [
        deal.get_absolute_url(),
        "/api/v1/agreements/",
        f"/api/v1/agreements/{deal.pk}/",
        "/api/v1/commitments/",
        "/api/v1/commitments/?status=implemented",
        demo.get_absolute_url(),
    ]
    add_commitments(deal, 1)
    one = {url: query_count(client, url) for url in urls}
    add_commitments(deal, 19)
    assert deal.commitments.count() == 5 + 20
    assert {url: query_count(client, url) for url in urls} == one
    page_html = client.get(deal.get_absolute_url()).content.decode()
    assert page_html.count('class="commitment-trade"') == 3 + 20
