"""Agreements and their commitments: the model's rules, a commitment's status on a date, the
demo's facts and their sources, and the trade figures in quantities.

The agreement page is tested in `pages/test_agreement_page.py`, the admin's checks of the
parties in `test_agreements_admin.py`, the API in `api/test_agreements_api.py`."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from negotiations.commitments import commitments_trade
from negotiations.demo import load_demo
from negotiations.models import Agreement, Commitment, CommitmentStatusChange

from .demo_data import copy_demo
from .factories import (
    AgreementFactory,
    CommitmentFactory,
    CommitmentStatusChangeFactory,
    CommodityFactory,
    EconomyFactory,
    NegotiationFactory,
    RoundFactory,
    TradeFlowFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date
DEAL = "Japan–United States tariff agreement of 22 July 2025"
ORDER = "Executive Order 14345: Implementing the United States-Japan Agreement"


@pytest.fixture
def demo(db):
    return copy_demo()


def errors_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


# --- The model's rules ----------------------------------------------------------------------


def test_an_agreement_cannot_come_out_of_a_round_of_another_negotiation():
    agreement = AgreementFactory.build(
        negotiation=NegotiationFactory(), round=RoundFactory(), kind="framework"
    )
    assert errors_of(agreement) == {"round": ["This round belongs to another negotiation."]}


def test_an_agreement_may_come_out_of_a_round_of_its_own_negotiation():
    round_ = RoundFactory()
    AgreementFactory.build(negotiation=round_.negotiation, round=round_).full_clean()


def test_an_amount_without_a_unit_is_refused_by_the_model_and_the_database():
    commitment = CommitmentFactory.build(
        agreement=AgreementFactory(), giver=EconomyFactory(), amount=Decimal(8), unit=""
    )
    assert errors_of(commitment) == {
        "unit": ["An amount needs its unit, e.g. USD bn, tonnes or %."]
    }
    with pytest.raises(IntegrityError, match="commitment_amount_has_unit"), transaction.atomic():
        commitment.save()


def test_a_negative_amount_is_refused_by_the_database():
    commitment = CommitmentFactory.build(
        agreement=AgreementFactory(), giver=EconomyFactory(), amount=Decimal(-1), unit="t"
    )
    assert "amount" in errors_of(commitment)
    with (
        pytest.raises(IntegrityError, match="commitment_amount_not_negative"),
        transaction.atomic(),
    ):
        commitment.save()
    assert not Commitment.objects.exists()


def test_trade_data_are_named_whole_or_not_at_all():
    japan, usa = EconomyFactory(iso3="JPN"), EconomyFactory(iso3="USA")
    agreement = AgreementFactory()
    half = CommitmentFactory.build(agreement=agreement, giver=japan, trade_reporter=japan)
    assert set(errors_of(half)) == {"trade_partner", "trade_unit"}
    odd = CommitmentFactory.build(
        agreement=agreement, giver=japan, trade_reporter=japan, trade_partner=usa, trade_unit="xx"
    )
    assert errors_of(odd) == {"trade_unit": ['Use "USD" or a quantity unit such as kg or t.']}
    with (
        pytest.raises(IntegrityError, match="commitment_trade_measure_whole"),
        transaction.atomic(),
    ):
        half.save()


def commitment_with_history(*steps):
    commitment = CommitmentFactory()
    for changed_on, status in steps:
        CommitmentStatusChangeFactory(commitment=commitment, changed_on=changed_on, status=status)
    return commitment


@pytest.mark.parametrize(
    ("on", "status"),
    [
        (D(2025, 7, 21), None),
        (D(2025, 7, 22), "announced"),
        (D(2025, 9, 3), "announced"),
        # Announced and implemented the same day: the later step of the workflow holds.
        (D(2025, 9, 4), "implemented"),
        (D(2026, 2, 19), "implemented"),
        (D(2026, 2, 20), "reversed"),
        (D(2030, 1, 1), "reversed"),
    ],
)
def test_a_commitments_status_on_a_date_is_its_latest_change_by_then(on, status):
    # Entered out of order, so that neither the key nor the entry order decides.
    commitment = commitment_with_history(
        (D(2026, 2, 20), "reversed"),
        (D(2025, 9, 4), "implemented"),
        (D(2025, 9, 4), "announced"),
        (D(2025, 7, 22), "announced"),
    )
    prefetched = Commitment.objects.prefetch_related("status_changes").get(pk=commitment.pk)
    with CaptureQueriesContext(connection) as queries:
        assert prefetched.status_on(on) == status
    assert len(queries) == 0  # read from the prefetched history
    # The database agrees (it answers the API's `status` filter).
    assert Commitment.objects.with_status_on(on).get().status_as_of == status


# --- The demo's agreements and their sources ---------------------------------------------------

# (agreement, giver, the commitment's first words) -> (amount, unit, period, the commitment's
# sources, its status changes with their sources), as the case file gives them.
YOMIURI = "The Yomiuri Shimbun"
ORDER_SOURCE = "Federal Register"
COURT = "Supreme Court of the United States"
DEMO_COMMITMENTS = {
    (DEAL, "JPN", "USD 550 bn of investment"): (
        "550.000",
        "USD bn",
        "",
        {YOMIURI},
        [("2025-07-22", "announced", {YOMIURI})],
    ),
    (DEAL, "JPN", "US rice imports up 75 %"): (
        "75.000",
        "%",
        "",
        {YOMIURI},
        [("2025-07-22", "announced", {YOMIURI})],
    ),
    (DEAL, "JPN", "USD 8 bn a year of US agricultural goods"): (
        "8.000",
        "USD bn",
        "per year",
        {YOMIURI},
        [("2025-07-22", "announced", {YOMIURI})],
    ),
    (DEAL, "JPN", "100 Boeing aircraft"): (
        "100.000",
        "aircraft",
        "",
        {YOMIURI},
        [("2025-07-22", "announced", {YOMIURI})],
    ),
    (DEAL, "USA", "15 % on Japanese goods, autos and parts included"): (
        "15.000",
        "%",
        "",
        {YOMIURI},
        [("2025-07-22", "announced", {YOMIURI}), ("2025-09-04", "implemented", {ORDER_SOURCE})],
    ),
    (ORDER, "USA", "Reciprocal tariff on products of Japan"): (
        "15.000",
        "%",
        "",
        {ORDER_SOURCE},
        [
            ("2025-09-04", "announced", {ORDER_SOURCE}),
            ("2025-09-04", "implemented", {ORDER_SOURCE}),
            ("2026-02-20", "reversed", {COURT}),
        ],
    ),
    (ORDER, "USA", "Section 232 duties on automobiles and parts of Japan"): (
        "15.000",
        "%",
        "",
        {ORDER_SOURCE},
        [
            ("2025-09-04", "announced", {ORDER_SOURCE}),
            ("2025-09-16", "implemented", {ORDER_SOURCE}),
        ],
    ),
    (ORDER, "USA", "No reciprocal duty (the MFN rate only)"): (
        None,
        "",
        "",
        {ORDER_SOURCE},
        [
            ("2025-09-04", "announced", {ORDER_SOURCE}),
            ("2025-09-04", "implemented", {ORDER_SOURCE}),
        ],
    ),
}


def demo_key(commitment):
    return next(
        key
        for key in DEMO_COMMITMENTS
        if key[:2] == (commitment.agreement.title, commitment.giver.iso3)
        and commitment.description.startswith(key[2])
    )


def publishers(item):
    return {source.publisher for source in item.sources.all()}


def test_the_demo_holds_the_agreement_and_its_implementing_order(demo):
    deal, order = Agreement.objects.filter(negotiation=demo).order_by("announced_on")
    assert (deal.title, deal.kind, deal.announced_on, deal.signed_on, deal.round.sequence) == (
        DEAL,
        "framework",
        D(2025, 7, 22),
        None,
        8,  # announced at the White House at the eighth round
    )
    assert (order.title, order.kind, order.announced_on, order.signed_on) == (
        ORDER,
        "implementing_order",
        D(2025, 9, 4),
        D(2025, 9, 4),
    )
    assert {p.iso3 for p in deal.parties.all()} == {"JPN", "USA"}
    assert {p.iso3 for p in order.parties.all()} == {"USA"}
    # Each agreement cites only the source that states it.
    assert [s.url for s in deal.sources.all()] == [
        "https://japannews.yomiuri.co.jp/business/economy/20250725-271862/"
    ]
    assert [s.url for s in order.sources.all()] == [
        "https://www.govinfo.gov/content/pkg/FR-2025-09-09/html/2025-17389.htm"
    ]
    assert {m.title for m in deal.measures.all()} == {
        "Reciprocal tariff on goods from Japan",
        "Section 232 autos and parts: Japan's 15% all-in rate",
    }


def test_every_demo_commitment_and_status_change_cites_exactly_its_sources(demo):
    commitments = Commitment.objects.select_related("agreement", "giver")
    assert len(commitments) == len(DEMO_COMMITMENTS)
    seen = set()
    for commitment in commitments:
        key = demo_key(commitment)
        seen.add(key)
        amount, unit, period, sources, steps = DEMO_COMMITMENTS[key]
        assert (str(commitment.amount) if commitment.amount is not None else None) == amount
        assert (commitment.unit, commitment.period) == (unit, period)
        assert publishers(commitment) == sources, key
        assert [
            (change.changed_on.isoformat(), change.status, publishers(change))
            for change in commitment.steps()
        ] == steps, key
    assert seen == set(DEMO_COMMITMENTS)


def test_the_demo_commitments_name_their_products_measures_and_trade_data(demo):
    by_start = {c.description[:20]: c for c in Commitment.objects.all()}
    rice = by_start["US rice imports up 7"]
    assert [p.code for p in rice.products.all()] == ["1006"]
    assert (rice.trade_reporter.iso3, rice.trade_partner.iso3, rice.trade_unit) == (
        "JPN",
        "USA",
        "t",
    )
    farm = by_start["USD 8 bn a year of U"]
    assert {p.code for p in farm.products.all()} == {"1005", "1201", "31", "2207", "271019"}
    assert farm.trade_unit == "USD"
    investment = by_start["USD 550 bn of invest"]
    assert (list(investment.products.all()), investment.is_measurable) == ([], False)
    us_rate = by_start["15 % on Japanese goo"]
    assert {m.title for m in us_rate.measures.all()} == {
        "Reciprocal tariff on goods from Japan",
        "Section 232 autos and parts: Japan's 15% all-in rate",
    }
    assert us_rate.status_on(D(2025, 8, 1)) == "announced"
    assert us_rate.status_on(D(2025, 9, 4)) == "implemented"


def test_loading_the_demo_again_leaves_the_agreements_as_they_were(demo):
    def snapshot():
        return [
            (
                c.pk,
                c.agreement_id,
                c.description,
                c.amount,
                sorted(p.pk for p in c.products.all()),
                sorted(s.pk for s in c.sources.all()),
                [(s.pk, s.status, sorted(x.pk for x in s.sources.all())) for s in c.steps()],
            )
            for c in Commitment.objects.order_by("pk")
        ]

    before = snapshot(), Commitment.history.count(), CommitmentStatusChange.history.count()
    load_demo()
    assert (snapshot(), Commitment.history.count(), CommitmentStatusChange.history.count()) == (
        before
    )


# --- Trade in quantities -----------------------------------------------------------------------


def test_quantities_in_kilograms_are_counted_in_tonnes_one_source_a_year():
    japan, usa = EconomyFactory(iso3="JPN"), EconomyFactory(iso3="USA")
    rice = CommodityFactory(code="100630")
    commitment = CommitmentFactory(
        giver=japan,
        amount=Decimal(692_000),
        unit="tonnes",
        trade_reporter=japan,
        trade_partner=usa,
        trade_unit="t",
    )
    commitment.products.set([CommodityFactory(code="1006")])
    common = {"reporter": japan, "partner": usa, "commodity": rice, "year": 2024}
    TradeFlowFactory(**common, source="comtrade", quantity=Decimal(346_000_000), quantity_unit="kg")
    # A second source of the same trade is not added to the first.
    TradeFlowFactory(**common, source="file", quantity=Decimal(1), quantity_unit="t")
    trade = commitments_trade([commitment])[commitment.pk]
    # 346,000,000 kg are 346,000 t, half of the 692,000 tonnes committed.
    assert [(y.year, y.total, y.source, y.share) for y in trade.years] == [
        (2024, Decimal(346_000), "comtrade", Decimal("50.0"))
    ]
