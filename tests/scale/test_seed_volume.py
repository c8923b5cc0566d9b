"""`seed_volume` writes the same data set for the same seed, refuses to write it twice, and
deletes exactly what it wrote."""

import pytest
from django.core.management import CommandError, call_command

from commodities.models import Commodity, TradeFlow
from core.models import Economy, Source
from negotiations.demo import load_demo
from negotiations.models import Concession, Delegation, Negotiation, Person, Round
from negotiations.volume import VolumePlan, default_hs_source, delete_seeded, seed_volume
from tariffs.models import Measure

pytestmark = pytest.mark.django_db

TINY = VolumePlan.at_scale(0.001, trade_flows=500)
TINY_OPTIONS = {"scale": 0.001, "trade_flows": 500}


def fingerprint():
    """The data set by its content, not its primary keys."""
    measures = sorted(
        (
            m.issuer.iso3,
            m.title,
            m.legal_basis,
            tuple(sorted(t.iso3 for t in m.targets.all())),
            tuple(sorted((line.commodity_id, line.excluded) for line in m.scope_lines.all())),
            tuple(sorted((c.effective_on, c.status, c.ad_valorem_rate) for c in m.changes.all())),
        )
        for m in Measure.objects.select_related("issuer").prefetch_related(
            "targets", "scope_lines", "changes"
        )
    )
    concessions = sorted(
        Concession.objects.values_list(
            "negotiation__slug", "title", "status", "giver__iso3", "receiver__iso3", "amount"
        )
    )
    rounds = sorted(
        Round.objects.values_list("negotiation__slug", "sequence", "start_date", "city")
    )
    delegations = sorted(
        Delegation.objects.values_list("round__negotiation__slug", "economy__iso3", "head__slug")
    )
    flows = sorted(
        TradeFlow.objects.values_list(
            "reporter__iso3", "partner__iso3", "commodity_id", "year", "flow", "value_usd"
        )
    )
    return measures, concessions, rounds, delegations, flows


def test_the_same_seed_writes_the_same_data_set():
    seed_volume(TINY, default_hs_source(), seed=7)
    first = fingerprint()
    delete_seeded()
    seed_volume(TINY, default_hs_source(), seed=7)
    assert fingerprint() == first


def test_another_seed_writes_another_data_set():
    seed_volume(TINY, default_hs_source(), seed=7)
    first = fingerprint()
    delete_seeded()
    seed_volume(TINY, default_hs_source(), seed=8)
    assert fingerprint() != first


def test_the_command_refuses_to_seed_over_a_seeded_data_set():
    call_command("seed_volume", **TINY_OPTIONS, stdout=None)
    with pytest.raises(CommandError, match="--replace"):
        call_command("seed_volume", **TINY_OPTIONS)


def test_the_command_replaces_a_seeded_data_set_when_asked():
    call_command("seed_volume", **TINY_OPTIONS)
    call_command("seed_volume", **TINY_OPTIONS, replace=True)
    assert Measure.objects.count() == TINY.measures
    assert TradeFlow.objects.count() == TINY.trade_flows


def test_deleting_the_seeded_data_set_leaves_everything_else():
    demo = load_demo()
    tables = (Economy, Person, Source, Negotiation, Round, Measure, Concession, TradeFlow)
    before = {model: model.objects.count() for model in tables}
    codes = Commodity.objects.count()
    seed_volume(TINY, default_hs_source())
    delete_seeded()
    assert {model: model.objects.count() for model in tables} == before
    assert Negotiation.objects.get(pk=demo.pk).rounds.exists()
    assert Commodity.objects.count() > codes  # the nomenclature stays loaded
