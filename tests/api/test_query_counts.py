"""A list endpoint runs the same number of SQL queries whatever its page size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import (
    AgreementFactory,
    CommitmentFactory,
    CommitmentStatusChangeFactory,
    CommodityFactory,
    ConcessionFactory,
    ConcessionStatusChangeFactory,
    DelegationFactory,
    EconomyFactory,
    EncounterFactory,
    MeasureChangeFactory,
    MeasureFactory,
    NegotiationFactory,
    PersonFactory,
    RoundFactory,
    ScopeLineFactory,
    SourceFactory,
    StatementFactory,
    TradeFlowFactory,
)
from .resources import LIST_RESOURCES

pytestmark = pytest.mark.django_db

ROWS = 30


@pytest.fixture
def many_rows(db):
    japan = EconomyFactory(iso3="JPN", name="Japan")
    usa = EconomyFactory(iso3="USA", name="United States")
    for n in range(ROWS):
        source = SourceFactory()
        union = EconomyFactory()
        union.members.set([japan, usa])
        negotiation = NegotiationFactory()
        negotiation.parties.set([japan, usa])
        negotiation.sources.set([source])
        round_ = RoundFactory(negotiation=negotiation, sequence=1)
        round_.sources.set([source])
        person = PersonFactory(economy=japan)
        delegation = DelegationFactory(round=round_, economy=japan, head=person)
        delegation.members.set([person])
        EncounterFactory(round=round_).participants.set([person])
        StatementFactory(round=round_, speaker=person)
        measure = MeasureFactory(issuer=usa)
        measure.targets.set([japan, union])
        measure.sources.set([source])
        ScopeLineFactory(measure=measure, commodity=CommodityFactory(code=f"87{n:02d}"))
        MeasureChangeFactory(measure=measure).sources.set([source])
        concession = ConcessionFactory(negotiation=negotiation, giver=japan, receiver=usa)
        ConcessionStatusChangeFactory(concession=concession).sources.set([source])
        agreement = AgreementFactory(negotiation=negotiation, round=round_)
        agreement.parties.set([japan, usa])
        agreement.sources.set([source])
        commitment = CommitmentFactory(agreement=agreement, giver=japan)
        commitment.sources.set([source])
        commitment.products.set([CommodityFactory(code="1006")])
        CommitmentStatusChangeFactory(commitment=commitment).sources.set([source])
        TradeFlowFactory(
            reporter=usa,
            partner=japan,
            year=1990 + n,
            fetched_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        )


def queries_for(api, resource, page_size):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"/api/v1/{resource}/", {"page_size": page_size})
    assert response.status_code == 200
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize("resource", LIST_RESOURCES)
def test_a_list_costs_the_same_queries_for_10_and_100_rows(api, many_rows, resource):
    queries_for(api, resource, 1)  # the process keeps the economies from the first request on
    small, small_rows = queries_for(api, resource, 10)
    large, large_rows = queries_for(api, resource, 100)
    assert (small_rows, large_rows > small_rows) == (10, True)
    assert small == large


@pytest.mark.parametrize("resource", LIST_RESOURCES)
def test_a_csv_export_costs_the_same_queries_for_any_number_of_rows(api, many_rows, resource):
    with CaptureQueriesContext(connection) as queries:
        body = b"".join(api.get(f"/api/v1/{resource}/", {"format": "csv"}).streaming_content)
    assert body.count(b"\n") > ROWS
    # 12, and the count of the rows against CSV_MAX_ROWS before the first row is sent.
    assert len(queries) <= 13
