"""A negotiation at a glance: where it stands, what is agreed, pending and dropped, what the
other side's tariff costs now against before the talks, and what comes next.

Everything is as of `Negotiation.as_of()`: today, or the day the record stops.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count

from tariffs.engine.rate_cache import effective_rate, effective_rates
from tariffs.models import Measure, MeasureChange

from .models import Concession, Negotiation, Round
from .querysets import concession_lines
from .services import measure_event, timeline

# How the concession statuses read at a glance.
AGREED = (Concession.Status.AGREED, Concession.Status.IMPLEMENTED)
DROPPED = (Concession.Status.WITHDRAWN,)


@dataclass(frozen=True)
class RateChange:
    """The effective tariff rate one party's imports from another pay, before and now."""

    importer: object
    exporter: object
    before_on: dt.date
    now_on: dt.date
    year: int | None  # of the trade weights
    trade_value_usd: Decimal
    before: object  # MonthRate or None
    now: object

    @property
    def duty_change_usd(self):
        """Duty on the weights' trade now less before; None when either is not computable
        for the same trade."""
        if self.before is None or self.now is None:
            return None
        if self.before.rate is None or self.now.rate is None:
            return None
        if self.before.computable_value_usd != self.now.computable_value_usd:
            return None
        return self.now.duty_usd - self.before.duty_usd


@dataclass
class Glance:
    negotiation: Negotiation
    as_of: dt.date
    recorded_through: bool
    # The newest events of the timeline, oldest first (or a function reading them), when the
    # caller has them.
    events: object = None
    # The concessions by how they stand, each a row with its pk, title and status.
    agreed: list = field(default_factory=list)
    pending: list = field(default_factory=list)
    dropped: list = field(default_factory=list)
    rates: list = field(default_factory=list)
    next_round: Round | None = None

    @cached_property
    def latest(self):
        """The newest timeline event by `as_of`, or None; read when first asked for."""
        events = self.events() if callable(self.events) else self.events
        if events is None:
            events = timeline(self.negotiation, latest=LATEST_EVENTS).events
        # Kept as read, not as the caller's function: a page's method would make the page
        # and its glance a reference cycle (see core.templates).
        self.events = events
        return next((e for e in reversed(events) if e.date <= self.as_of), None)


# How many of the newest events the glance reads when looking for the latest step.
LATEST_EVENTS = 20


def party_pairs(parties):
    """Every (importer, exporter) of two different parties, in the parties' order."""
    return [(i, e) for i in parties for e in parties if i.pk != e.pk]


def standing(status):
    """How a concession of `status` stands at a glance: "agreed", "dropped" or "pending"."""
    if status in AGREED:
        return "agreed"
    return "dropped" if status in DROPPED else "pending"


def concession_counts(negotiations):
    """{negotiation pk: {"agreed": n, "pending": n, "dropped": n}}, its concessions counted
    by how they stand (`standing`), for several negotiations in one query."""
    counts = {n.pk: dict.fromkeys(("agreed", "pending", "dropped"), 0) for n in negotiations}
    rows = (
        Concession.objects.filter(negotiation__in=list(counts))
        .values_list("negotiation_id", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for negotiation_id, status, count in rows:
        counts[negotiation_id][standing(status)] += count
    return counts


def before_talks(negotiation):
    """The day before the talks began: the glance's "before"."""
    return negotiation.started_on - dt.timedelta(days=1)


def rate_change(importer, exporter, before_on, now_on):
    [change] = rate_changes([(importer, exporter)], before_on, now_on)
    return change


def rate_changes(pairs, before_on, now_on):
    """The RateChange of each (importer, exporter) of `pairs`, from one read of the cache."""
    [changes] = rate_changes_of([(pairs, before_on, now_on)])
    return changes


def rate_changes_of(asked):
    """For each (pairs, before_on, now_on) of `asked`, the RateChanges of its pairs as
    `rate_changes` gives them: one read of the cache for all."""
    answers = iter(
        effective_rates(
            [
                (i, e, day, day)
                for pairs, before_on, now_on in asked
                for i, e in pairs
                for day in (before_on, now_on)
            ]
        )
    )
    found = []
    for pairs, before_on, now_on in asked:
        changes = []
        for importer, exporter in pairs:
            before, now = next(answers), next(answers)
            changes.append(
                RateChange(
                    importer,
                    exporter,
                    before_on,
                    now_on,
                    before.year,
                    before.trade_value_usd,
                    before.months[0] if before.months else None,
                    now.months[0] if now.months else None,
                )
            )
        found.append(changes)
    return found


def at_a_glance(
    negotiation: Negotiation, parties, today=None, events=None, lines=None, rounds=None
):
    """The glance of `negotiation` as of `today` (or the day its record stops). `events`: the
    newest events of its whole timeline, oldest first (or a function returning them), if the
    caller has them; `lines`: its `concession_lines`, and `rounds`, its rounds, likewise."""
    as_of = negotiation.as_of(today)
    glance = Glance(
        negotiation=negotiation,
        as_of=as_of,
        recorded_through=negotiation.stops_before(today),
        events=events,
    )
    for concession in concession_lines(negotiation) if lines is None else lines:
        getattr(glance, standing(concession.status)).append(concession)
    glance.rates = rate_changes(party_pairs(parties), before_talks(negotiation), as_of)
    upcoming = [
        r
        for r in (negotiation.rounds.all() if rounds is None else rounds)
        if r.start_date > as_of and r.status != Round.Status.CANCELLED
    ]
    glance.next_round = min(upcoming, key=lambda r: (r.start_date, r.pk), default=None)
    return glance


@dataclass(frozen=True)
class Marker:
    """An event of the talks, to mark on a chart's time axis."""

    date: dt.date
    kind: str  # round, agreement, measure
    title: str
    url: str


def rate_markers(negotiation, importer, exporter, start, end):
    """The rounds, the agreements and the steps of the importer's measures on the exporter's
    goods (orders, proclamations, rulings) between `start` and `end`, oldest first; three
    queries."""
    rounds = negotiation.rounds.filter(start_date__range=(start, end))
    agreements = negotiation.agreements.filter(announced_on__range=(start, end))
    measures = Measure.objects.filter(issuer=importer).targeting(exporter)
    steps = (
        MeasureChange.objects.filter(
            measure__in=measures.values("pk"), effective_on__range=(start, end)
        )
        .select_related("measure")
        .prefetch_related("sources")
    )
    markers = [
        *(Marker(r.start_date, "round", r.title, r.get_absolute_url()) for r in rounds),
        *(Marker(a.announced_on, "agreement", a.title, a.get_absolute_url()) for a in agreements),
        *(
            Marker(step.effective_on, "measure", event.title, event.url)
            for step in steps
            for event in [measure_event(step)]
        ),
    ]
    return sorted(markers, key=lambda m: (m.date, m.kind, m.title))


def rate_series(negotiation, importer, exporter, start=None, end=None):
    """(EffectiveRate month by month, markers): from January of the year the talks began to
    the day the record stops (or `start` to `end`)."""
    start = start or dt.date(negotiation.started_on.year, 1, 1)
    end = end or negotiation.as_of()
    answer = effective_rate(importer, exporter, start, end)
    return answer, rate_markers(negotiation, importer, exporter, start, end)


def warm_rates(negotiation, today=None):
    """Compute (or read back) every effective rate the negotiation's pages show: the glance's
    before-and-now months and the series of each ordered pair of parties. The number of pairs."""
    pairs = party_pairs(list(negotiation.parties.all()))
    before_on = before_talks(negotiation)
    as_of = negotiation.as_of(today)
    for importer, exporter in pairs:
        rate_change(importer, exporter, before_on, as_of)
        rate_series(negotiation, importer, exporter)
    return len(pairs)
