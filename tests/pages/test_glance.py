"""The negotiation at a glance, against figures worked out by hand from the demo's data.

Weights: the demo's 2024 US imports from Japan (USD million): cars 8703.23 25,500, cars
8703.24 12,000, gear boxes 8708.40 3,100, other parts 8708.99 4,200; 44,800 in all. An HS6
code with several rate lines takes the mean of its lines' duties (`tariffs.engine.bulk`).

Before the talks, 15 April 2025 (the day before the first round):
- cars (one rate line each, base 2.5 %): the Section 232 auto duty's 25 % on top: 27.5 %;
  the reciprocal duty does not apply to goods under it;
- parts: the Section 232 duty on parts starts only on 3 May 2025, so the universal 10 %
  applies (Japan's 24 % is paused since 10 April): on 8708.40's 7 rate lines (3 at 2.5 %,
  4 Free of the 2025 Basic Edition) (3 × 12.5 + 4 × 10) / 7 = 11.0714 %; on 8708.99's 13
  (4 at 2.5 %, 9 Free) (4 × 12.5 + 9 × 10) / 13 = 10.7692 %;
- duty: 37,500 × 27.5 % + 3,100 × 11.0714 % + 4,200 × 10.7692 %
  = 10,312.5 + 343.214 + 452.308 = 11,108.022 million; rate 11,108.022 / 44,800 = 24.795 %.

As recorded through 20 February 2026: Japan's 15 % all-in Section 232 rate on cars and parts
(from 16 September 2025) replaces the 25 %; the reciprocal duty ends with the ruling of that
day. Every line pays 15 % in total: 6,720 million, 15.000 %.

Change in duty on 2024 trade: 6,720.000 − 11,108.022 = −4,388.022 million a year.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from negotiations.glance import at_a_glance, concession_counts

from ..factories import NegotiationFactory
from .test_pages import page, parse

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)


def test_the_glance_figures_match_the_hand_computation(demo):
    parties = list(demo.parties.all())
    glance = at_a_glance(demo, parties, today=TODAY)
    assert (glance.as_of, glance.recorded_through) == (dt.date(2026, 2, 20), True)
    (us,) = [r for r in glance.rates if r.importer.iso3 == "USA"]
    assert (us.before_on, us.now_on, us.year) == (dt.date(2025, 4, 15), dt.date(2026, 2, 20), 2024)
    assert us.trade_value_usd == Decimal("44800000000.00")
    assert us.before.rate == Decimal("24.795")
    assert us.now.rate == Decimal("15.000")
    assert us.now.duty_usd == Decimal("6720000000.00")
    assert round(us.before.duty_usd / 10**6, 3) == Decimal("11108.022")
    assert round(us.duty_change_usd / 10**6, 3) == Decimal("-4388.022")
    # Japan has no national schedule in the demo: no rate, and no change claimed.
    (japan,) = [r for r in glance.rates if r.importer.iso3 == "JPN"]
    assert (japan.now.rate, japan.now.not_computable_share, japan.duty_change_usd) == (
        None,
        Decimal("100.00"),
        None,
    )


def test_agreed_pending_and_dropped_follow_the_concessions(demo):
    glance = at_a_glance(demo, list(demo.parties.all()), today=TODAY)
    assert {c.title for c in glance.dropped} == {
        "Removal of the Section 232 duties on Japanese steel and aluminium"
    }
    assert {c.title for c in glance.agreed} == {
        "More imports of U.S. soybeans",
        "More imports of U.S. rice",
        "More imports of U.S. corn",
        "Removal of the 25 % Section 232 duty on Japanese automobiles and parts",
        "Removal of the reciprocal tariff on Japanese goods",
    }
    assert len(glance.pending) == 6  # four U.S. market-access asks, two reported ideas
    assert glance.next_round is None
    assert (glance.latest.date, glance.latest.kind) == (dt.date(2026, 2, 20), "measure")


def test_the_page_shows_the_glance_as_recorded_through(client, demo):
    html = page(client, reverse("negotiations:negotiation", args=[demo.slug]))
    glance = parse(html).find("section", **{"data-testid": "glance"})
    text = glance.text()
    assert "as recorded through 20 Feb 2026" in text
    us = glance.find("div", **{"data-testid": "glance-rate-USA-JPN"}).text()
    assert "15.0 %" in us and "24.8 %" in us and "−USD 4.39 bn" in us and "USD 44.8 bn" in us
    assert "nothing scheduled as recorded through 20 Feb 2026" in text
    counts = [
        glance.find("dd", **{"data-testid": f"glance-{k}"}).text()
        for k in (
            "agreed",
            "pending",
            "dropped",
        )
    ]
    assert counts == ["5", "6", "1"]


def test_concessions_are_counted_as_the_glance_lists_them(demo, django_assert_num_queries):
    other = NegotiationFactory(slug="no-concessions")
    with django_assert_num_queries(1):
        counts = concession_counts([demo, other])
    assert counts == {
        demo.pk: {"agreed": 5, "pending": 6, "dropped": 1},
        other.pk: {"agreed": 0, "pending": 0, "dropped": 0},
    }


def test_the_record_stops_before_a_day_after_it(demo):
    # The demo is recorded through 20 February 2026.
    assert demo.stops_before(TODAY) and demo.stops_before(dt.date(2026, 2, 21))
    assert not demo.stops_before(dt.date(2026, 2, 20))
    assert not demo.stops_before(dt.date(2025, 7, 1))


def test_the_dropped_items_link_to_the_board_as_the_template_linked_them():
    """`{% item_links %}` writes what the template's loop wrote: a link to each item's anchor,
    its title escaped, separated by semicolons."""
    from collections import namedtuple

    from django.template import Context, Template

    Item = namedtuple("Item", ["pk", "title"])
    loop = Template(
        '{% for item in items %}<a href="#concession-{{ item.pk }}">{{ item.title }}</a>'
        "{% if not forloop.last %}; {% endif %}{% endfor %}"
    )
    tag = Template("{% load talks %}{% item_links items %}")
    for items in (
        [Item(7, "Rice")],
        [Item(12, 'Cars <"autos"> & parts'), Item(1234567, "Beef's tariff"), Item(3, "")],
        [],
    ):
        written = tag.render(Context({"items": items}))
        assert written == loop.render(Context({"items": items}))
        if len(items) == 3:
            assert '<a href="#concession-1234567">Beef&#x27;s tariff</a>; ' in written
