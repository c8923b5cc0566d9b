"""The agreement of 22 July 2025 and the order that implements it, with their commitments.

Each fact cites the source that states it: the agreement and its commitments the Yomiuri
report of 25 July 2025 ("deal"); Executive Order 14345 ("implementing") what it implements;
the Supreme Court's ruling of 20 February 2026 ("ruling") the reversal of the reciprocal rule.
What the sources do not give (the round of the agreement, a period, a date) is left empty.
"""

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from ..models import Agreement, Commitment, CommitmentStatusChange
from .sync import sync
from .talks import AGREEMENT_ROUND

D = dt.date
DEAL_DAY = D(2025, 7, 22)
ORDER_DAY = D(2025, 9, 4)
RULING_DAY = D(2026, 2, 20)
JAPAN_FROM_USA = ("JPN", "USA")


class Step(NamedTuple):
    changed_on: dt.date
    status: str
    source: str
    note: str = ""


class Pledge(NamedTuple):
    giver: str
    kind: str
    description: str
    amount: Decimal | None
    unit: str
    period: str
    start_on: dt.date | None
    products: tuple
    measures: tuple
    trade: tuple | None  # (reporter, partner, unit) where trade flows can show it
    steps: tuple


def announced(day, source):
    return Step(day, Commitment.Status.ANNOUNCED, source)


DEAL_PLEDGES = [
    Pledge(
        "JPN",
        Commitment.Kind.INVESTMENT,
        "USD 550 bn of investment in the United States.",
        Decimal(550),
        "USD bn",
        "",
        None,
        (),
        (),
        None,
        (announced(DEAL_DAY, "deal"),),
    ),
    Pledge(
        "JPN",
        Commitment.Kind.QUOTA,
        "US rice imports up 75 % within Japan's “minimum access” duty-free rice quota (about "
        "770,000 tonnes a year, of which US rice was 346,000 tonnes in the last fiscal year).",
        Decimal(75),
        "%",
        "",
        None,
        ("1006",),
        (),
        (*JAPAN_FROM_USA, "t"),
        (announced(DEAL_DAY, "deal"),),
    ),
    Pledge(
        "JPN",
        Commitment.Kind.PURCHASE,
        "USD 8 bn a year of US agricultural goods: corn, soybeans, fertiliser, bioethanol and "
        "aviation fuel.",
        Decimal(8),
        "USD bn",
        "per year",
        None,
        ("1005", "1201", "31", "2207", "271019"),
        (),
        (*JAPAN_FROM_USA, "USD"),
        (announced(DEAL_DAY, "deal"),),
    ),
    Pledge(
        "JPN",
        Commitment.Kind.PURCHASE,
        "100 Boeing aircraft.",
        Decimal(100),
        "aircraft",
        "",
        None,
        ("8802",),
        (),
        (*JAPAN_FROM_USA, "No."),
        (announced(DEAL_DAY, "deal"),),
    ),
    Pledge(
        "USA",
        Commitment.Kind.TARIFF_CHANGE,
        "15 % on Japanese goods, autos and parts included.",
        Decimal(15),
        "%",
        "",
        None,
        (),
        ("reciprocal", "japan_autos"),
        None,
        (
            announced(DEAL_DAY, "deal"),
            Step(
                ORDER_DAY,
                Commitment.Status.IMPLEMENTED,
                "implementing",
                "By Executive Order 14345: the 15 % all-in reciprocal rule retroactive to goods "
                "entered from 7 August 2025; the 15 % all-in rate on autos and parts from "
                "16 September 2025.",
            ),
        ),
    ),
]

ORDER_PLEDGES = [
    Pledge(
        "USA",
        Commitment.Kind.TARIFF_CHANGE,
        "Reciprocal tariff on products of Japan: where the column 1 (MFN) rate is below 15 %, "
        "the MFN rate plus the additional duty is 15 % in total; at 15 % or more the "
        "additional duty is zero (HTS 9903.02.73 and 9903.02.72). In place of the earlier "
        "reciprocal duties on Japan, retroactive to goods entered from 7 August 2025 (refunds "
        "through CBP).",
        Decimal(15),
        "%",
        "",
        D(2025, 8, 7),
        (),
        ("reciprocal",),
        None,
        (
            announced(ORDER_DAY, "implementing"),
            Step(
                ORDER_DAY,
                Commitment.Status.IMPLEMENTED,
                "implementing",
                "Retroactive to goods entered from 7 August 2025.",
            ),
            Step(
                RULING_DAY,
                Commitment.Status.REVERSED,
                "ruling",
                "The Supreme Court held in Learning Resources, Inc. v. Trump that IEEPA does "
                "not authorise tariffs: the reciprocal rule loses its legal basis.",
            ),
        ),
    ),
    Pledge(
        "USA",
        Commitment.Kind.TARIFF_CHANGE,
        "Section 232 duties on automobiles and parts of Japan: the same 15 % all-in rule, "
        "applied from 16 September 2025 (HTS 9903.94.40–.43).",
        Decimal(15),
        "%",
        "",
        D(2025, 9, 16),
        ("8703", "8708"),
        ("japan_autos",),
        None,
        (
            announced(ORDER_DAY, "implementing"),
            Step(
                D(2025, 9, 16),
                Commitment.Status.IMPLEMENTED,
                "implementing",
                "Applied from 16 September 2025.",
            ),
        ),
    ),
    Pledge(
        "USA",
        Commitment.Kind.TARIFF_CHANGE,
        "No reciprocal duty (the MFN rate only) on civil aircraft and parts, generic "
        "pharmaceuticals and natural resources not available in the United States.",
        None,
        "",
        "",
        None,
        ("8802", "3004"),
        ("japan_exempt",),
        None,
        (
            announced(ORDER_DAY, "implementing"),
            Step(
                ORDER_DAY,
                Commitment.Status.IMPLEMENTED,
                "implementing",
                "No date of effect of its own is recorded: the order's date is used.",
            ),
        ),
    ),
]


def load_agreements(negotiation, economies, measures, sources):
    """The two agreements; returns them by key ("deal", "order")."""
    deal = agreement(
        negotiation,
        title="Japan–United States tariff agreement of 22 July 2025",
        kind=Agreement.Kind.FRAMEWORK,
        announced_on=DEAL_DAY,
        round=negotiation.rounds.filter(sequence=AGREEMENT_ROUND).first(),
        signed_on=None,
        summary="The United States: 15 % on Japanese goods, autos and parts included; steel "
        "and aluminium stay at 50 %. Japan: USD 550 bn of investment in the United States; US "
        "rice imports up 75 % within its minimum-access rice quota; USD 8 bn a year of US "
        "agricultural goods; 100 Boeing aircraft.",
        parties=[economies["JPN"], economies["USA"]],
        measures=[measures["reciprocal"], measures["japan_autos"]],
        cited=[sources["deal"]],
    )
    order = agreement(
        negotiation,
        title="Executive Order 14345: Implementing the United States-Japan Agreement",
        kind=Agreement.Kind.IMPLEMENTING_ORDER,
        announced_on=ORDER_DAY,
        round=None,
        signed_on=ORDER_DAY,
        summary="Published in the Federal Register on 9 September 2025 (90 FR 43535, "
        "document 2025-17389). The 15 % all-in rule on the reciprocal tariff on Japan, "
        "retroactive to 7 August 2025; the same rule on Section 232 autos and parts from "
        "16 September 2025; no reciprocal duty on civil aircraft and parts, generic "
        "pharmaceuticals and natural resources not available in the United States.",
        parties=[economies["USA"]],
        measures=[measures["reciprocal"], measures["japan_autos"], measures["japan_exempt"]],
        cited=[sources["implementing"]],
    )
    load_pledges(deal, DEAL_PLEDGES, economies, measures, sources, cited="deal")
    load_pledges(order, ORDER_PLEDGES, economies, measures, sources, cited="implementing")
    return {"deal": deal, "order": order}


def agreement(negotiation, *, title, parties, measures, cited, **values):
    item = sync(
        Agreement,
        {"negotiation": negotiation, "title": title},
        in_force_on=None,
        **values,
    )
    item.parties.set(parties)
    item.measures.set(measures)
    item.sources.set(cited)
    return item


def load_pledges(agreement, pledges, economies, measures, sources, cited):
    keep = [
        commitment(agreement, pledge, economies, measures, sources, cited).pk for pledge in pledges
    ]
    agreement.commitments.exclude(pk__in=keep).delete()


def commitment(agreement, pledge, economies, measures, sources, cited):
    reporter, partner, trade_unit = pledge.trade or (None, None, "")
    item = sync(
        Commitment,
        {"agreement": agreement, "description": pledge.description},
        giver=economies[pledge.giver],
        kind=pledge.kind,
        amount=pledge.amount,
        unit=pledge.unit,
        period=pledge.period,
        start_on=pledge.start_on,
        end_on=None,
        trade_reporter=economies[reporter] if reporter else None,
        trade_partner=economies[partner] if partner else None,
        trade_unit=trade_unit,
    )
    item.products.set(pledge.products)
    item.measures.set([measures[key] for key in pledge.measures])
    item.sources.set([sources[cited]])
    keep = []
    for step in pledge.steps:
        change = sync(
            CommitmentStatusChange,
            {"commitment": item, "changed_on": step.changed_on, "status": step.status},
            note=step.note,
        )
        change.sources.set([sources[step.source]])
        keep.append(change.pk)
    item.status_changes.exclude(pk__in=keep).delete()
    return item
