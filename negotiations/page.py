"""What a negotiation's page shows, read only when the template asks for it.

The page's sections (the glance, the boards, the timeline, the agreements, rounds and
measures) are cached as rendered fragments, keyed by the negotiation, the version of the data
(`DataVersion`, bumped on any change), the day the page is as of and the page's own options.
A section found in the cache costs no query: each part below is a cached property, computed
on the first use, that is inside a fragment only missing from the cache.
"""

import datetime as dt
from functools import cached_property

from django.conf import settings

from commodities.models import TradeFlow
from core.models import DataVersion
from core.querysets import sources_of
from core.sections import Sections
from core.sql import Compiled
from tariffs import querysets as tariff_querysets
from tariffs.services import measures_coverage

from . import querysets
from .board import concession_board
from .glance import at_a_glance
from .models import Concession, Negotiation
from .services import TIMELINE_KINDS, timeline

# A negotiation page shows this many of the newest events; the feed and the API have the rest.
TIMELINE_LENGTH = 60


# The newest year of annual trade the reporters with these keys report: compiled once. Not
# prepared: blind to which reporters, a generic plan walks the years' index from the newest
# through millions of flows (5.7 ms against 0.1 ms at volume).
TRADE_YEAR = Compiled(
    lambda reporters: (
        TradeFlow.objects.filter(reporter__any=reporters, month=TradeFlow.ANNUAL)
        .order_by("-year")
        .values_list("year")[:1]
    ),
    prepared=False,
)


def latest_trade_year(economies):
    """The newest year of annual trade any of `economies` reports, or None."""
    found = TRADE_YEAR.rows([economy.pk for economy in economies])
    return found[0][0] if found else None


class NegotiationPage:
    def __init__(self, negotiation, query, today=None, version=None):
        self.negotiation = negotiation
        self.version = version  # of the data, when the caller has read it
        self.parties = querysets.parties_of(negotiation)
        asked = query.getlist("kind")
        self.kinds = [kind for kind in TIMELINE_KINDS if kind in asked]
        self.unknown_kinds = sorted(set(asked) - set(TIMELINE_KINDS))
        self.opened = self.opened_column(query.get("column", ""))
        self.as_of = negotiation.as_of(today)
        self.today = today

    def opened_column(self, asked):
        """The board column asked to be shown whole, `?column=JPN-agreed`: (giver id,
        status), or None."""
        iso3, _, status = asked.partition("-")
        giver = next((party for party in self.parties if party.iso3 == iso3), None)
        if giver is None or status not in Concession.Status.values:
            return None
        return giver.pk, status

    @cached_property
    def fragment_key(self):
        """What every cached section of the page depends on."""
        today = self.today or dt.date.today()
        version = (self.version or DataVersion.latest()).timestamp()
        return f"{self.negotiation.pk}:{version}:{self.as_of}:{today}"

    @cached_property
    def sections(self):
        """The page's sections kept rendered: read in one round trip to the cache, the missed
        ones written in one more (`core.sections`)."""
        return Sections(
            "negotiation",
            settings.PAGE_FRAGMENT_CACHE_SECONDS,
            {
                "glance": [self.fragment_key],
                "board": [self.fragment_key, self.opened_key],
                "timeline": [self.fragment_key, self.kinds_key],
                "rest": [self.fragment_key],
            },
        )

    @property
    def opened_key(self):
        return "-".join(map(str, self.opened)) if self.opened else ""

    @property
    def kinds_key(self):
        return ",".join(self.kinds)

    @cached_property
    def concession_lines(self):
        return querysets.concession_lines(self.negotiation)

    @cached_property
    def timeline(self):
        return timeline(
            self.negotiation,
            latest=TIMELINE_LENGTH,
            kinds=self.kinds,
            parties=self.parties,
        )

    @cached_property
    def newest_first(self):
        return list(reversed(self.timeline.events))

    def whole_timeline(self):
        """The newest events of every kind, oldest first, for the glance's latest step: the
        page's own timeline unless it is narrowed to some kinds."""
        if self.kinds:
            return timeline(
                self.negotiation,
                latest=TIMELINE_LENGTH,
                parties=self.parties,
            ).events
        return self.timeline.events

    @cached_property
    def glance(self):
        return at_a_glance(
            self.negotiation,
            self.parties,
            self.today,
            events=self.whole_timeline,
            lines=self.concession_lines,
            rounds=self.rounds,
        )

    @cached_property
    def board(self):
        return concession_board(self.negotiation, opened=self.opened, lines=self.concession_lines)

    @cached_property
    def trade_year(self):
        return latest_trade_year(self.parties)

    @cached_property
    def coverage(self):
        if not self.trade_year:
            return []
        in_play = tariff_querysets.measures_for_coverage().in_play(self.parties)
        return measures_coverage(
            in_play.order_by("title"), self.trade_year, self.as_of, partners=self.parties
        )

    @cached_property
    def agreements(self):
        return querysets.negotiation_agreements(self.negotiation)

    @cached_property
    def rounds(self):
        return querysets.negotiation_rounds(self.negotiation)

    @cached_property
    def sources(self):
        return sources_of(Negotiation, [self.negotiation.pk])[self.negotiation.pk]
