"""`load_demo` loads the seed report's facts, and loading twice changes nothing."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from commodities.models import TradeFlow
from negotiations.models import Concession, Negotiation, Person, Round, Statement
from tariffs.models import Measure

pytestmark = pytest.mark.django_db


def row_counts():
    """Rows in every table the project owns, history and many-to-many tables included."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in {"negotiations", "tariffs", "commodities"}:
            counts[model._meta.db_table] = model._default_manager.count()
    return counts


@pytest.fixture
def demo():
    call_command("load_demo", stdout=None)
    return Negotiation.objects.get(slug="japan-united-states-2025")


def test_loading_the_demo_twice_leaves_every_table_as_the_first_load_did(demo):
    first = row_counts()
    call_command("load_demo")
    assert row_counts() == first
    # The rounds the cases file dates: 1 to 6 and 8 (the seventh is not dated there).
    assert first["negotiations_round"] == 7
    assert sorted(Round.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4, 5, 6, 8]


def test_the_first_round_was_held_in_washington_in_april_2025(demo):
    first = demo.rounds.get(sequence=1)
    assert (first.city, first.country.iso3, first.start_date.isoformat()[:7]) == (
        "Washington (White House)",
        "USA",
        "2025-04",
    )


def test_akazawa_led_japans_delegation_and_met_the_president(demo):
    first = demo.rounds.get(sequence=1)
    japan = first.delegations.get(economy__iso3="JPN")
    assert japan.head.name == "Ryosei Akazawa"
    assert japan.head.office == "Minister for Economic Revitalization"
    met = {p.name for e in first.encounters.all() for p in e.participants.all()}
    assert met == {"Ryosei Akazawa", "Donald Trump", "Scott Bessent", "Jamieson Greer"}


def test_the_president_spoke_of_big_progress(demo):
    statement = Statement.objects.get(round__negotiation=demo)
    assert (statement.speaker.name, statement.quote) == ("Donald Trump", "big progress")


def test_the_negotiation_cites_the_seed_report_and_the_report_it_cites(demo):
    publishers = {"ITC News", "The Yomiuri Shimbun"}
    assert {s.publisher for s in demo.sources.all()} == publishers


def test_the_us_priority_sectors_are_market_access_requests(demo):
    requests = Concession.objects.filter(kind=Concession.Kind.MARKET_ACCESS)
    assert {(c.commodity_id, c.status) for c in requests} == {
        ("8703", "requested"),
        ("02", "requested"),
        ("03", "requested"),
        ("0701", "requested"),
    }


def test_soybeans_and_rice_were_considered_in_round_1_and_agreed_on_22_july(demo):
    for code in ("1201", "1006"):
        item = Concession.objects.get(commodity_id=code)
        steps = [
            (c.changed_on.isoformat(), c.status, c.round.sequence)
            for c in item.status_changes.order_by("changed_on")
        ]
        assert steps == [
            ("2025-04-16", "under_consideration", 1),
            ("2025-07-22", "agreed", 8),
        ], code


def test_the_automobile_duty_is_25_percent_in_force_in_april(demo):
    autos = Measure.objects.get(title__contains="automobiles")
    state = autos.state_on(Round.objects.get(sequence=1).start_date)
    assert (state.status, state.ad_valorem_rate) == ("in_force", Decimal("25"))


def test_japans_reciprocal_rate_is_paused_leaving_the_universal_10_percent(demo):
    first_round = Round.objects.get(sequence=1).start_date
    reciprocal = Measure.objects.get(title__contains="from Japan").state_on(first_round)
    universal = Measure.objects.get(title__startswith="Universal").state_on(first_round)
    assert (reciprocal.status, universal.status, universal.ad_valorem_rate) == (
        "paused",
        "in_force",
        Decimal("10"),
    )


def test_the_demo_says_how_far_it_is_recorded_and_schedules_nothing_after(demo):
    assert demo.recorded_through.isoformat() == "2026-02-20"
    assert demo.as_of().isoformat() == "2026-02-20"
    assert not demo.rounds.filter(start_date__gt=demo.recorded_through).exists()
    assert not demo.rounds.exclude(status="held").exists()


def test_the_trade_sample_is_labelled_illustrative(demo):
    assert set(TradeFlow.objects.values_list("source", flat=True)) == {"illustrative"}
    assert TradeFlow.objects.filter(commodity_id="870323", partner__iso3="JPN").exists()


def test_people_appear_across_rounds_through_their_delegations(demo):
    assert Person.objects.get(slug="ryosei-akazawa").delegations.count() == 7
    assert Person.objects.get(slug="howard-lutnick").delegations.count() == 4  # rounds 2, 3, 5, 6
