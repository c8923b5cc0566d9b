"""The rounds of the talks, with their delegations, encounters and statements."""

import datetime as dt

from ..models import Delegation, Encounter, Round, Statement
from .sync import sync

FIRST_ROUND_DAY = dt.date(2025, 4, 16)


def load_rounds(negotiation, economies, people, sources):
    japan, usa = economies["JPN"], economies["USA"]
    first = sync(
        Round,
        {"negotiation": negotiation, "sequence": 1},
        title="First round of high-level talks",
        status=Round.Status.HELD,
        start_date=FIRST_ROUND_DAY,
        end_date=FIRST_ROUND_DAY,
        city="Washington",
        country=usa,
        format=Round.Format.IN_PERSON,
        summary="Both sides addressed key trade sectors. U.S. negotiators pointed to automobiles, "
        "meat, fish products and potatoes as priorities for improved market access.",
        outcome="Japan is reported to be considering more imports of soybeans and rice and "
        "adjustments to its agricultural import policies. President Trump spoke of “big "
        "progress”. No agreement was announced.",
        next_steps="Finance Minister Katsunobu Kato to continue the conversation with Treasury "
        "Secretary Scott Bessent at the global finance meetings in Washington.",
    )
    first.sources.set(sources["reports"])
    delegation(first, japan, head=people["akazawa"], members=[people["akazawa"]])
    delegation(first, usa, head=None, members=[people["trump"]])
    meeting = sync(
        Encounter,
        {
            "round": first,
            "description": "Akazawa met U.S. leadership directly; President Trump "
            "welcomed the meeting.",
        },
        date=FIRST_ROUND_DAY,
    )
    meeting.participants.set([people["akazawa"], people["trump"]])
    meeting.sources.set(sources["reports"])
    remark = sync(
        Statement,
        {"round": first, "speaker": people["trump"], "quote": "big progress"},
        said_on=FIRST_ROUND_DAY,
        context="On the meeting with Japan's delegation led by Ryosei Akazawa.",
    )
    remark.sources.set(sources["reports"])

    finance = sync(
        Round,
        {"negotiation": negotiation, "sequence": 2},
        title="Finance ministers at the global finance meetings",
        status=Round.Status.EXPECTED,
        start_date=dt.date(2025, 4, 21),
        end_date=dt.date(2025, 4, 26),
        city="Washington",
        country=usa,
        format=Round.Format.IN_PERSON,
        summary="Expected: Finance Minister Katsunobu Kato to continue the conversation with "
        "Treasury Secretary Scott Bessent, building on the first round.",
        outcome="",
        next_steps="",
    )
    finance.sources.set(sources["reports"])
    delegation(finance, japan, head=people["kato"], members=[people["kato"]])
    delegation(finance, usa, head=people["bessent"], members=[people["bessent"]])
    talk = sync(
        Encounter,
        {"round": finance, "description": "Expected meeting of Kato and Bessent."},
        date=None,
    )
    talk.participants.set([people["kato"], people["bessent"]])
    talk.sources.set(sources["reports"])


def delegation(round_, economy, head, members):
    team = sync(Delegation, {"round": round_, "economy": economy}, head=head)
    team.members.set(members)
    return team
