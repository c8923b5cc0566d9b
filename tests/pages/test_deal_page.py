"""What the agreement of 22 July 2025 changed, against figures worked out by hand.

Before: 21 July 2025 (the 2025 Basic Edition in effect). Japan's cars pay the Section 232
25 % on top of 2.5 %: 27.5 %. Parts pay the Section 232 parts duty (from 3 May) on top of
their base, and no reciprocal duty: gear boxes 8708.40, 7 rate lines (3 at 2.5 %, 4 Free),
(3 × 27.5 + 4 × 25) / 7 = 26.0714 %; other parts 8708.99, 13 lines (4 at 2.5 %, 9 Free),
(4 × 27.5 + 9 × 25) / 13 = 25.7692 %. Trade-weighted on 2024 imports (USD million: cars
37,500, 8708.40 3,100, 8708.99 4,200): (10,312.5 + 808.214 + 1,082.308) / 44,800 = 27.239 %.

After: 16 September 2025, when Japan's 15 % all-in Section 232 rate on cars and parts took
effect (the last implementing step; the reciprocal 15 % all-in rule applied from 7 August):
every line 15 % in total.
"""

import datetime as dt
from decimal import Decimal

import pytest

from negotiations.deal import deal_changes
from negotiations.models import Agreement

from .test_pages import page, parse

pytestmark = pytest.mark.django_db


def framework(demo):
    return Agreement.objects.get(negotiation=demo, kind=Agreement.Kind.FRAMEWORK)


def test_the_deal_changed_the_us_duty_on_japans_top_products_as_computed_by_hand(demo):
    answer = deal_changes(framework(demo))
    assert (answer.before_on, answer.after_on) == (dt.date(2025, 7, 21), dt.date(2025, 9, 16))
    us = answer.pairs[0]
    assert (us.importer.iso3, us.exporter.iso3, us.year) == ("USA", "JPN", 2024)
    rows = {row.code: row for row in us.products}
    assert [row.code for row in us.products] == ["870323", "870324", "870899", "870840"]
    assert rows["870323"].before == Decimal("27.5") and rows["870323"].after == Decimal("15")
    assert round(rows["870840"].before, 4) == Decimal("26.0714")
    assert round(rows["870899"].before, 4) == Decimal("25.7692")
    assert {row.after for row in us.products} == {Decimal("15")}
    assert rows["870323"].base == Decimal("2.5")
    assert (us.total_before.rate, us.total_after.rate) == (Decimal("27.239"), Decimal("15.000"))
    # Japan has no schedule in the demo: its side says so rather than 0 %.
    japan = answer.pairs[1]
    assert japan.importer.iso3 == "JPN"
    assert {row.before for row in japan.products} == {None}
    assert japan.total_after.rate is None


def test_the_agreement_page_shows_what_it_changed(client, demo):
    html = page(client, framework(demo).get_absolute_url())
    table = parse(html).find("table", **{"data-testid": "deal-USA-JPN"})
    assert table.find("td", **{"data-testid": "total-before"}).text() == "27.24 %"
    assert table.find("td", **{"data-testid": "total-after"}).text() == "15.00 %"
    assert "-12.50 points" in table.text()  # cars: 27.5 % to 15 %
    japan = parse(html).find("table", **{"data-testid": "deal-JPN-USA"}).text()
    assert "no data" in japan and "0.00 %" not in japan
