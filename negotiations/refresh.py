"""What a negotiation's trade-data refresh asks for: its parties pairwise, in the HS codes
its measures and concessions touch."""

import itertools
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from commodities.connectors import CensusConnector, ComtradeConnector, SeriesQuery
from tariffs.models import Measure, ScopeLine

from .models import Negotiation


@dataclass(frozen=True)
class PlannedRefresh:
    source: str
    query: SeriesQuery


def default_years(today=None) -> tuple[int, ...]:
    """The complete calendar years before this one that a refresh asks for by default."""
    year = (today or timezone.localdate()).year
    return tuple(range(year - settings.TRADE_REFRESH_YEARS, year))


def negotiation_codes(negotiation: Negotiation) -> tuple[str, ...]:
    """HS codes the negotiation touches: its concessions' and its parties' measures' scopes.

    A measure counts when it is in play between the parties (`MeasureQuerySet.in_play`: a
    party, or its union, imposes it on another party, its union, or everyone). National lines
    (8 and 10 digits) are left out: the trade sources report at 6 digits at most.
    """
    conceded = negotiation.concessions.exclude(commodity=None).values_list(
        "commodity_id", flat=True
    )
    measures = Measure.objects.in_play(negotiation.parties.all())
    scoped = ScopeLine.objects.filter(measure__in=measures, excluded=False).values_list(
        "commodity_id", flat=True
    )
    return tuple(sorted(code for code in {*conceded, *scoped} if len(code) <= 6))


def plan_negotiation(negotiation: Negotiation, years=None) -> list[PlannedRefresh]:
    """The series that refresh a negotiation's trade: each ordered pair of parties, per source.

    UN Comtrade for every pair whose economies have Comtrade codes (annual figures); the US
    Census for the United States' trade with each party that has a Census code (monthly).
    """
    codes = negotiation_codes(negotiation)
    if not codes:
        return []
    years = tuple(years or default_years())
    parties = sorted(negotiation.parties.all(), key=lambda economy: economy.iso3)
    plans = []
    for reporter, partner in itertools.permutations(parties, 2):
        if reporter.comtrade_code is not None and partner.comtrade_code is not None:
            plans.append(
                PlannedRefresh(
                    ComtradeConnector.source,
                    SeriesQuery(reporter.iso3, partner.iso3, codes, years, frequency="A"),
                )
            )
        if reporter.iso3 == settings.CENSUS_REPORTER and partner.census_code:
            plans.append(
                PlannedRefresh(
                    CensusConnector.source,
                    SeriesQuery(reporter.iso3, partner.iso3, codes, years, frequency="M"),
                )
            )
    return plans
