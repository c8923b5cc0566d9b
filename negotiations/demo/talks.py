"""The rounds of the talks, with their delegations, meetings and statements.

From `cases/japan-united-states.md`: every round it dates (the seventh is not dated there and
is left out), whom Japan's delegation met, each fact citing the report that states it.
"""

import datetime as dt
from typing import NamedTuple

from ..models import Delegation, Encounter, Round, Statement
from .sync import sync

D = dt.date
FIRST_ROUND_DAY = D(2025, 4, 16)
AGREEMENT_ROUND = 8


class Meeting(NamedTuple):
    day: dt.date
    met: tuple  # the people Japan's delegation met (keys of PEOPLE)
    description: str
    sources: tuple


class Talks(NamedTuple):
    sequence: int
    start: dt.date
    end: dt.date
    title: str
    city: str
    summary: str
    outcome: str
    next_steps: str
    meetings: tuple
    sources: tuple


ROUNDS = [
    Talks(
        1,
        FIRST_ROUND_DAY,
        FIRST_ROUND_DAY,
        "First round of high-level talks",
        "Washington (White House)",
        "Both sides addressed key trade sectors. U.S. negotiators pointed to automobiles, meat, "
        "fish products and potatoes as priorities for improved market access.",
        "Japan is reported to be considering more imports of soybeans and rice and adjustments "
        "to its agricultural import policies. President Trump spoke of “big progress”. No "
        "agreement was announced.",
        "Finance Minister Katsunobu Kato to continue the conversation with Treasury Secretary "
        "Scott Bessent at the global finance meetings in Washington.",
        (
            Meeting(
                FIRST_ROUND_DAY,
                ("trump",),
                "Akazawa met U.S. leadership directly; President Trump welcomed the meeting.",
                ("article",),
            ),
            Meeting(
                FIRST_ROUND_DAY,
                ("bessent", "greer"),
                "Akazawa met Treasury Secretary Bessent and Trade Representative Greer.",
                ("asahi_0430",),
            ),
        ),
        ("article", "asahi_0430"),
    ),
    Talks(
        2,
        D(2025, 5, 1),
        D(2025, 5, 1),
        "Second round",
        "Washington",
        "Akazawa met Bessent, Greer and Commerce Secretary Lutnick for about 130 minutes.",
        "The two sides agreed to intensify ministerial talks.",
        "",
        (
            Meeting(
                D(2025, 5, 1),
                ("bessent", "greer", "lutnick"),
                "About 130 minutes with Bessent, Greer and Lutnick.",
                ("yomiuri_0502",),
            ),
        ),
        ("yomiuri_0502",),
    ),
    Talks(
        3,
        D(2025, 5, 23),
        D(2025, 5, 23),
        "Third round",
        "Washington",
        "Akazawa met Lutnick (90 minutes) and Greer (two hours); Bessent was absent.",
        "Japan asked again for a review of the auto, steel and aluminium and reciprocal tariffs.",
        "",
        (
            Meeting(D(2025, 5, 23), ("lutnick",), "90 minutes with Lutnick.", ("yomiuri_0524",)),
            Meeting(D(2025, 5, 23), ("greer",), "Two hours with Greer.", ("yomiuri_0524",)),
        ),
        ("yomiuri_0524",),
    ),
    Talks(
        4,
        D(2025, 5, 30),
        D(2025, 5, 30),
        "Fourth round",
        "Washington",
        "The fourth round, a week after the third.",
        "",
        "",
        (),
        ("econotimes",),
    ),
    Talks(
        5,
        D(2025, 6, 5),
        D(2025, 6, 6),
        "Fifth round",
        "Washington",
        "Akazawa met Lutnick on 5 June and Bessent on 6 June.",
        "",
        "",
        (
            Meeting(D(2025, 6, 5), ("lutnick",), "Akazawa met Lutnick.", ("yomiuri_0606",)),
            Meeting(D(2025, 6, 6), ("bessent",), "Akazawa met Bessent.", ("yomiuri_0606",)),
        ),
        ("yomiuri_0606",),
    ),
    Talks(
        6,
        D(2025, 6, 13),
        D(2025, 6, 14),
        "Sixth round",
        "Washington",
        "Akazawa met Lutnick and Bessent separately, then spoke with Lutnick by phone on 14 June.",
        "",
        "",
        (
            Meeting(D(2025, 6, 13), ("lutnick",), "Akazawa met Lutnick.", ("jiji_0615",)),
            Meeting(D(2025, 6, 13), ("bessent",), "Akazawa met Bessent.", ("jiji_0615",)),
            Meeting(D(2025, 6, 14), ("lutnick",), "A phone call with Lutnick.", ("jiji_0615",)),
        ),
        ("jiji_0615",),
    ),
    Talks(
        AGREEMENT_ROUND,
        D(2025, 7, 22),
        D(2025, 7, 22),
        "Eighth round: the agreement",
        "Washington (White House)",
        "Akazawa at the White House; President Trump announced the agreement the same day.",
        "Agreement announced: 15 % on Japanese goods, autos and parts included; USD 550 bn of "
        "Japanese investment in the United States.",
        "",
        (
            Meeting(
                D(2025, 7, 22),
                ("trump",),
                "At the White House; President Trump announced the agreement the same day.",
                ("reuters_0723",),
            ),
        ),
        ("reuters_0723",),
    ),
]


def load_rounds(negotiation, economies, people, sources):
    japan, usa = economies["JPN"], economies["USA"]
    rounds = {}
    for talks in ROUNDS:
        round_ = sync(
            Round,
            {"negotiation": negotiation, "sequence": talks.sequence},
            title=talks.title,
            status=Round.Status.HELD,
            start_date=talks.start,
            end_date=talks.end,
            city=talks.city,
            country=usa,
            format=Round.Format.IN_PERSON,
            summary=talks.summary,
            outcome=talks.outcome,
            next_steps=talks.next_steps,
        )
        round_.sources.set([sources[key] for key in talks.sources])
        met = sorted({key for meeting in talks.meetings for key in meeting.met})
        teams = [delegation(round_, japan, head=people["akazawa"], members=[people["akazawa"]])]
        if met:
            teams.append(delegation(round_, usa, head=None, members=[people[k] for k in met]))
        round_.delegations.exclude(pk__in=[team.pk for team in teams]).delete()
        kept = []
        for meeting in talks.meetings:
            encounter = sync(
                Encounter,
                {"round": round_, "description": meeting.description},
                date=meeting.day,
            )
            encounter.participants.set([people["akazawa"], *(people[k] for k in meeting.met)])
            encounter.sources.set([sources[key] for key in meeting.sources])
            kept.append(encounter.pk)
        round_.encounters.exclude(pk__in=kept).delete()
        rounds[talks.sequence] = round_
    remark = sync(
        Statement,
        {"round": rounds[1], "speaker": people["trump"], "quote": "big progress"},
        said_on=FIRST_ROUND_DAY,
        context="On the meeting with Japan's delegation led by Ryosei Akazawa.",
    )
    remark.sources.set([sources["article"]])
    return rounds


def delegation(round_, economy, head, members):
    team = sync(Delegation, {"round": round_, "economy": economy}, head=head)
    team.members.set(members)
    return team
