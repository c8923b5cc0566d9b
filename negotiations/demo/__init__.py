"""The demo data set: the 2025 Japan–United States tariff talks, from the first round to the
agreement, its implementation and the court ruling, each fact with the source that states it.

Every write goes through `sync`, which saves only what differs, so a second load changes no row
and adds no history.
"""

import datetime as dt

from django.db import transaction

from ..models import Negotiation
from .agreements import load_agreements
from .concessions import load_concessions
from .economies import load_economies, load_people
from .hs_codes import load_commodities
from .measures import load_measures
from .schedule import load_schedule
from .sources import load_sources
from .sync import sync
from .talks import FIRST_ROUND_DAY, load_rounds
from .trade import load_trade_flows

# The demo records the story through the Supreme Court's ruling, and says so.
RECORDED_THROUGH = dt.date(2026, 2, 20)
AGREEMENT_DAY = dt.date(2025, 7, 22)

__all__ = ["load_demo", "sync"]


@transaction.atomic
def load_demo():
    economies = load_economies()
    sources = load_sources()
    load_commodities()
    load_schedule()
    negotiation = sync(
        Negotiation,
        {"slug": "japan-united-states-2025"},
        title="Japan–United States tariff negotiations (2025)",
        status=Negotiation.Status.CONCLUDED,
        started_on=FIRST_ROUND_DAY,
        ended_on=AGREEMENT_DAY,
        recorded_through=RECORDED_THROUGH,
        summary="Talks on the tariffs the United States announced in spring 2025, with Japan "
        "seeking relief from the 25% duty on automobiles and the reciprocal tariffs. They "
        "ended in the agreement of 22 July 2025 (15 % on Japanese goods), implemented by "
        "Executive Order 14345; the Supreme Court's ruling of 20 February 2026 took away the "
        "reciprocal part's legal basis.",
    )
    negotiation.parties.set(economies.values())
    negotiation.sources.set(sources["reports"])
    people = load_people(economies)
    rounds = load_rounds(negotiation, economies, people, sources)
    measures = load_measures(economies, sources)
    load_agreements(negotiation, economies, measures, sources)
    load_concessions(negotiation, economies, sources, rounds)
    load_trade_flows(economies)
    return negotiation
