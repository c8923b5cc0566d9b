"""Timelines and boards stay the size of a page however long a negotiation runs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from core.models import Economy
from negotiations.board import concession_board
from negotiations.models import Negotiation
from negotiations.services import timeline
from tariffs.state import Form

from .factories import (
    ConcessionFactory,
    ConcessionStatusChangeFactory,
    EconomyFactory,
    MeasureChangeFactory,
    MeasureFactory,
    NegotiationFactory,
    RoundFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def test_a_timeline_with_a_limit_keeps_the_newest_events_and_counts_them_all():
    first = RoundFactory(sequence=1, start_date=dt.date(2025, 1, 1))
    for n in range(2, 7):
        RoundFactory(negotiation=first.negotiation, sequence=n, start_date=dt.date(2025, n, 1))
    latest = timeline(first.negotiation, latest=3)
    assert [e.date.month for e in latest.events] == [4, 5, 6]
    assert (latest.total, latest.is_complete) == (6, False)


def test_each_negotiation_gets_its_own_newest_events_from_the_kept_key_queries():
    """The key queries of rounds, meetings, statements and concessions are compiled once per
    process (`KEPT_KEYS`) for a stand-in negotiation: each negotiation asked after that gets
    its own events, of every kind, and its own count."""
    one = RoundFactory(sequence=1, start_date=dt.date(2025, 1, 1), title="One, first")
    other = RoundFactory(sequence=1, start_date=dt.date(2025, 2, 1), title="Other, first")
    RoundFactory(negotiation=other.negotiation, sequence=2, start_date=dt.date(2025, 3, 1))
    concession = ConcessionFactory(negotiation=other.negotiation)
    ConcessionStatusChangeFactory(
        concession=concession, changed_on=dt.date(2025, 4, 1), status="offered"
    )
    first = timeline(one.negotiation, latest=10)
    second = timeline(other.negotiation, latest=10)
    assert [(e.kind, e.date.month) for e in first.events] == [("round", 1)]
    assert [(e.kind, e.date.month) for e in second.events] == [
        ("round", 2),
        ("round", 3),
        ("concession", 4),
    ]
    assert (first.total, second.total) == (1, 3)
    assert timeline(one.negotiation, latest=10).events == first.events


def test_each_negotiation_gets_the_measures_in_play_between_its_own_parties():
    """The measures' key query is compiled once for each number of party pairs, with the
    parties' ids as its parameters: asked for two negotiations of two parties each in one
    process, each timeline holds the measures between its own parties (each aimed at the
    other, or on everyone), not the other's, and the lone party's holds none."""
    japan, usa, korea, canada = (EconomyFactory(iso3=code) for code in ("JPN", "USA", "KOR", "CAN"))
    talks = []
    for first, second in ((japan, usa), (korea, canada)):
        negotiation = NegotiationFactory()
        negotiation.parties.set([first, second])
        talks.append(negotiation)
    aimed = MeasureFactory(issuer=usa, title="On Japan")
    aimed.targets.add(japan)
    back = MeasureFactory(issuer=japan, title="On the United States")
    back.targets.add(usa)
    universal = MeasureFactory(issuer=canada, title="On all", applies_to_all_economies=True)
    elsewhere = MeasureFactory(issuer=korea, title="On Japan, from Korea")
    elsewhere.targets.add(japan)
    for month, measure in enumerate((aimed, back, universal, elsewhere), start=5):
        MeasureChangeFactory(measure=measure, effective_on=dt.date(2025, month, 1))
    alone = NegotiationFactory()
    alone.parties.set([usa])
    titles = [
        [e.title.split(":")[0] for e in timeline(n, latest=10).events] for n in (*talks, alone)
    ]
    assert titles == [["On Japan", "On the United States"], ["On all"], []]


def test_the_newest_events_read_as_rows_are_the_events_read_as_records():
    """With a limit, the measures' and concessions' changes are read as rows
    (`negotiations.event_rows`); without one, as model instances. On the demo's negotiations
    and on a quota announced after the day it applies (retroactive, with a source), both give
    the same events: titles, rates, addresses, sources and all."""
    call_command("load_demo", stdout=None)
    japan, usa = Economy.objects.get(iso3="JPN"), Economy.objects.get(iso3="USA")
    quota = MeasureChangeFactory(
        measure=MeasureFactory(issuer=usa, title="Rice quota", applies_to_all_economies=True),
        effective_on=dt.date(2025, 9, 1),
        published_on=dt.date(2025, 9, 5),
        status="in_force",
        form=Form.QUOTA,
        ad_valorem_rate=None,
        in_quota_form=Form.ADDS,
        in_quota_rate=Decimal("0"),
        out_of_quota_form=Form.ADDS,
        out_of_quota_rate=Decimal("15"),
        quota_volume=Decimal("70000"),
        quota_unit="t",
        quota_period="year",
    )
    quota.sources.add(SourceFactory())
    kinds = set()
    for negotiation in Negotiation.objects.filter(parties__in=[japan]).distinct():
        whole = timeline(negotiation).events
        newest = timeline(negotiation, latest=len(whole) + 1)
        assert newest.events == whole
        assert newest.total == len(whole)
        kinds |= {event.kind for event in whole}
        [rice] = [e for e in newest.events if e.key == f"measure-change-{quota.pk}"]
        assert rice.title == (
            "Rice quota: in force: tariff-rate quota of 70000 t a year: in quota adds 0 %; "
            "over it adds 15 % (retroactive: published 2025-09-05)"
        )
        assert [source.pk for source in rice.sources] == [s.pk for s in quota.sources.all()]
    assert {"measure", "concession"} <= kinds


def test_a_timeline_without_a_limit_is_complete_and_in_order():
    first = RoundFactory(sequence=1, start_date=dt.date(2025, 3, 1))
    RoundFactory(negotiation=first.negotiation, sequence=2, start_date=dt.date(2025, 1, 1))
    whole = timeline(first.negotiation)
    assert [e.date.month for e in whole.events] == [1, 3] and whole.is_complete


def test_a_board_column_shows_its_newest_items_and_counts_the_rest():
    first = ConcessionFactory()
    for _ in range(4):
        ConcessionFactory(negotiation=first.negotiation, giver=first.giver, receiver=first.receiver)
    board = concession_board(first.negotiation, per_column=3)
    [columns] = board.values()
    requested = next(c for c in columns if c.status == "requested")
    assert (len(requested.items), requested.total, requested.hidden) == (3, 5, 2)


def test_a_board_item_carries_its_moves_in_order():
    concession = ConcessionFactory()
    ConcessionStatusChangeFactory(
        concession=concession, changed_on=dt.date(2025, 5, 1), status="offered"
    )
    ConcessionStatusChangeFactory(
        concession=concession, changed_on=dt.date(2025, 4, 1), status="requested"
    )
    [columns] = concession_board(concession.negotiation).values()
    offered = next(c for c in columns if c.status == "offered")
    assert [label for _, label, _ in offered.items[0].steps] == ["Requested", "Offered"]
