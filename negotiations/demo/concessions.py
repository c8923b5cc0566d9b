"""What each side asked of the other and offered, and how each item moved, round by round.

A request is recorded with the asking side as receiver; a step cites the report that states
it, and only that one. From `cases/japan-united-states.md`: the U.S. asks of round 1 (the
seed report), what Japan was reported to consider (the seed report and the Yomiuri report it
cites; EconoTimes for round 4), Japan's asks (Yomiuri, 30 April and 24 May 2025), and where
the agreement of 22 July 2025 (Yomiuri, 25 July) and Executive Order 14345 took them.
"""

import datetime as dt
from typing import NamedTuple

from ..models import Concession, ConcessionStatusChange
from .sync import sync

D = dt.date
DEAL_DAY = D(2025, 7, 22)
ORDER_DAY = D(2025, 9, 4)
AUTOS_DAY = D(2025, 9, 16)
S = Concession.Status
K = Concession.Kind


class Move(NamedTuple):
    day: dt.date
    status: str
    round: int | None  # the round's sequence, when it moved at one
    note: str
    sources: tuple


class Item(NamedTuple):
    giver: str
    title: str
    kind: str
    code: str | None
    moves: tuple


def asked(day, round_, note, *sources):
    return Move(day, S.REQUESTED, round_, note, sources)


US_ASK = "Named by U.S. negotiators as a priority for improved market access."
CONSIDERED = "Japan is considering it, according to a Yomiuri report; not an offer."
REPORTED = "Reported as under consideration by Japan; not an offer."
IN_DEAL = "In the agreement of 22 July 2025"

ITEMS = [
    # What the United States asked of Japan in the first round.
    *(
        Item("JPN", title, K.MARKET_ACCESS, code, (asked(D(2025, 4, 16), 1, US_ASK, "article"),))
        for code, title in (
            ("8703", "Market access for U.S. automobiles"),
            ("02", "Market access for U.S. meat"),
            ("03", "Market access for U.S. fish products"),
            ("0701", "Market access for U.S. potatoes"),
        )
    ),
    # What Japan was reported to consider, and what the agreement made of it.
    Item(
        "JPN",
        "More imports of U.S. soybeans",
        K.PURCHASE,
        "1201",
        (
            Move(D(2025, 4, 16), S.UNDER_CONSIDERATION, 1, CONSIDERED, ("article", "yomiuri")),
            Move(DEAL_DAY, S.AGREED, 8, f"{IN_DEAL}: part of USD 8 bn a year.", ("deal",)),
        ),
    ),
    Item(
        "JPN",
        "More imports of U.S. rice",
        K.QUOTA_EXPANSION,
        "1006",
        (
            Move(D(2025, 4, 16), S.UNDER_CONSIDERATION, 1, CONSIDERED, ("article", "yomiuri")),
            Move(
                DEAL_DAY,
                S.AGREED,
                8,
                f"{IN_DEAL}: U.S. rice up 75 % within the minimum-access quota.",
                ("deal",),
            ),
        ),
    ),
    Item(
        "JPN",
        "More imports of U.S. corn",
        K.PURCHASE,
        "1005",
        (
            Move(D(2025, 5, 30), S.UNDER_CONSIDERATION, 4, REPORTED, ("econotimes",)),
            Move(DEAL_DAY, S.AGREED, 8, f"{IN_DEAL}: part of USD 8 bn a year.", ("deal",)),
        ),
    ),
    Item(
        "JPN",
        "Streamlined certification of U.S. vehicles",
        K.NON_TARIFF,
        None,
        (Move(D(2025, 5, 30), S.UNDER_CONSIDERATION, 4, REPORTED, ("econotimes",)),),
    ),
    Item(
        "JPN",
        "Shipbuilding cooperation",
        K.NON_TARIFF,
        None,
        (Move(D(2025, 5, 30), S.UNDER_CONSIDERATION, 4, REPORTED, ("econotimes",)),),
    ),
    # What Japan asked of the United States, and what became of it.
    Item(
        "USA",
        "Removal of the 25 % Section 232 duty on Japanese automobiles and parts",
        K.TARIFF_CUT,
        "8703",
        (
            asked(D(2025, 4, 16), 1, "Asked at every round.", "yomiuri_0430"),
            Move(DEAL_DAY, S.AGREED, 8, f"{IN_DEAL}: 15 % in total instead.", ("deal",)),
            Move(
                AUTOS_DAY,
                S.IMPLEMENTED,
                None,
                "15 % in total, inclusive of the base rate (Executive Order 14345).",
                ("implementing",),
            ),
        ),
    ),
    Item(
        "USA",
        "Removal of the Section 232 duties on Japanese steel and aluminium",
        K.TARIFF_CUT,
        "72",
        (
            asked(D(2025, 5, 1), 2, "Asked from the second round on.", "yomiuri_0430"),
            Move(
                DEAL_DAY, S.WITHDRAWN, 8, f"{IN_DEAL}: steel and aluminium stay at 50 %.", ("deal",)
            ),
        ),
    ),
    Item(
        "USA",
        "Removal of the reciprocal tariff on Japanese goods",
        K.TARIFF_CUT,
        None,
        (
            asked(D(2025, 4, 16), 1, "Asked at every round.", "yomiuri_0430"),
            Move(DEAL_DAY, S.AGREED, 8, f"{IN_DEAL}: 15 % in total instead.", ("deal",)),
            Move(
                ORDER_DAY,
                S.IMPLEMENTED,
                None,
                "15 % in total, inclusive of the base rate, retroactive to 7 August 2025 "
                "(Executive Order 14345).",
                ("implementing",),
            ),
        ),
    ),
]


def load_concessions(negotiation, economies, sources, rounds):
    other = {"JPN": "USA", "USA": "JPN"}
    for item in ITEMS:
        first = item.moves[0]
        concession = sync(
            Concession,
            {"negotiation": negotiation, "title": item.title},
            round=rounds.get(first.round),
            giver=economies[item.giver],
            receiver=economies[other[item.giver]],
            commodity_id=item.code,
            kind=item.kind,
            description=first.note,
        )
        concession.sources.set({sources[key] for move in item.moves for key in move.sources})
        kept = []
        for move in item.moves:
            change = sync(
                ConcessionStatusChange,
                {"concession": concession, "changed_on": move.day, "status": move.status},
                round=rounds.get(move.round),
                note=move.note,
            )
            change.sources.set([sources[key] for key in move.sources])
            kept.append(change.pk)
        concession.status_changes.exclude(pk__in=kept).delete()
        concession.refresh_status()
