"""A page runs the same number of SQL queries however many rows it shows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commodities.models import Commodity
from core.models import Economy
from negotiations.models import Agreement, Person, Round
from tariffs.models import Measure

from ..factories import (
    AgreementFactory,
    CommitmentFactory,
    CommitmentStatusChangeFactory,
    CommodityFactory,
    ConcessionFactory,
    ConcessionStatusChangeFactory,
    DelegationFactory,
    EncounterFactory,
    MeasureChangeFactory,
    MeasureFactory,
    PersonFactory,
    RoundFactory,
    ScopeLineFactory,
    SourceFactory,
    StatementFactory,
    TradeFlowFactory,
)

pytestmark = pytest.mark.django_db


def more_of_everything(negotiation, n):
    """Add `n` rounds, people, measures, concessions, agreements with a commitment, and
    flows to the demo negotiation."""
    start = Round.objects.filter(negotiation=negotiation).count() + 10
    japan, usa = Economy.objects.get(iso3="JPN"), Economy.objects.get(iso3="USA")
    akazawa = Person.objects.get(slug="ryosei-akazawa")
    rice = Commodity.objects.get(code="1006")
    for i in range(n):
        source = SourceFactory()
        round_ = RoundFactory(
            negotiation=negotiation,
            sequence=start + i,
            start_date=dt.date(2025, 6, 1) + dt.timedelta(days=i),
        )
        round_.sources.set([source])
        person = PersonFactory(economy=japan)
        delegation = DelegationFactory(round=round_, economy=japan, head=akazawa)
        delegation.members.set([akazawa, person])
        EncounterFactory(round=round_).participants.set([akazawa, person])
        StatementFactory(round=round_, speaker=akazawa).sources.set([source])
        measure = MeasureFactory(issuer=usa)
        measure.targets.set([japan])
        measure.sources.set([source])
        ScopeLineFactory(measure=measure, commodity=rice)
        MeasureChangeFactory(measure=measure, effective_on=dt.date(2025, 4, 1)).sources.set(
            [source]
        )
        concession = ConcessionFactory(
            negotiation=negotiation, round=round_, giver=japan, receiver=usa, commodity=rice
        )
        ConcessionStatusChangeFactory(concession=concession, round=round_).sources.set([source])
        agreement = AgreementFactory(negotiation=negotiation, round=round_)
        agreement.sources.set([source])
        commitment = CommitmentFactory(agreement=agreement, giver=japan)
        CommitmentStatusChangeFactory(commitment=commitment).sources.set([source])
        TradeFlowFactory(
            reporter=usa,
            partner=japan,
            commodity=CommodityFactory(code=f"10{start + i:04d}"),
            year=2024,
            source="illustrative",
        )


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def page_urls(negotiation):
    first = Round.objects.get(negotiation=negotiation, sequence=1)
    autos = Measure.objects.get(title="Section 232 duty on imported automobiles")
    return [
        reverse("negotiations:home"),
        reverse("negotiations:negotiation-list"),
        reverse("negotiations:negotiation", args=[negotiation.slug]),
        reverse("negotiations:negotiation-rates", args=[negotiation.slug]),
        reverse("negotiations:negotiation-rates", args=[negotiation.slug]) + "?importer=JPN",
        reverse("negotiations:round", args=[first.pk]),
        reverse("negotiations:person", args=["ryosei-akazawa"]),
        Agreement.objects.get(negotiation=negotiation, kind="framework").get_absolute_url(),
        reverse("tariffs:measure-list") + "?on=2025-04-10",
        reverse("tariffs:measure", args=[autos.pk]),
        reverse("commodities:browser"),
        reverse("commodities:commodity", args=["1006"]),
        reverse("tariffs:lookup") + "?importer=USA&exporter=JPN&hs=100630&date=2025-04-10",
        reverse("negotiations:search") + "?q=duty",
        reverse("negotiations:events-feed"),
        reverse("negotiations:negotiation-feed", args=[negotiation.slug]),
        reverse("negotiations:compare") + f"?n={negotiation.slug}",
    ]


def test_no_page_runs_more_queries_with_more_rows(client, demo):
    urls = page_urls(demo)
    more_of_everything(demo, 1)
    before = {url: queries(client, url) for url in urls}
    more_of_everything(demo, 19)  # 20 extra rounds, agreements, commitments, measures ...
    after = {url: queries(client, url) for url in urls}
    # A timeline reads whole only the kinds of event among its newest: once one kind fills
    # the window, the pages showing one (the negotiation page and the feeds) may run fewer
    # queries, never more. Every other page runs exactly as many.
    timelines = {urls[2], *(url for url in urls if "feed" in url)}
    assert {url: min(after[url], before[url]) for url in urls} == after
    assert {u: n for u, n in after.items() if u not in timelines} == {
        u: n for u, n in before.items() if u not in timelines
    }
