"""Tariff rules: a measure's state on a date, the tariff on a product, the trade covered."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, IntegerField, Max, Q, Sum, Value

from commodities.models import RefreshRun, TradeFlow
from core.models import Economy

from .engine.book import MeasureBook
from .engine.bulk import BulkDuty, load_bases, revisions_in_effect, unions_by_member
from .models import Measure
from .state import MeasureState, state_from_changes

__all__ = [
    "Coverage",
    "MeasureState",
    "measure_coverage",
    "measures_coverage",
    "state_from_changes",
]

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Coverage:
    """The trade a measure covers in a year (from its targets, within its scope) and the duty
    it adds on a date: its marginal share of the total layered duty on each flow, so that
    measures on the same trade never add up twice."""

    measure: Measure
    year: int
    source: str | None
    trade_value_usd: Decimal
    flow_count: int
    fetched_at: object
    last_refreshed: object
    state: MeasureState | None
    implied_duty_usd: Decimal | None = None
    uncomputed_value_usd: Decimal = Decimal(0)  # trade on which its share is not computable

    @property
    def rate(self):
        return self.state.ad_valorem_rate if self.state else None

    @property
    def description(self):
        return self.state.description if self.state else ""


def covered_flows(measure, year, partners=None, on=None):
    """Annual HS6 imports of the issuer, from the measure's targets, within its scope on `on`
    (today when None).

    A target that is a union brings in its members' trade; `partners` (economies), when given,
    narrows the exporters to them (the trade between the parties of a negotiation).
    """
    flows = TradeFlow.objects.filter(
        reporter=measure.issuer_id,
        flow=TradeFlow.Direction.IMPORT,
        year=year,
        month=TradeFlow.ANNUAL,
        commodity__level=6,
    )
    if not measure.applies_to_all_economies:
        # A subquery, not a join to the unions: a country in two targeted unions counts once.
        flows = flows.filter(partner__in=Economy.objects.reached_by(measure.targets.all()))
    if partners is not None:
        flows = flows.filter(partner__in=[economy.pk for economy in partners])
    on = on or Date.today()
    lines = [line for line in measure.scope_lines.all() if line.in_effect(on)]
    included = [line.commodity_id for line in lines if not line.excluded]
    excluded = [line.commodity_id for line in lines if line.excluded]
    if not measure.covers_all_products:
        flows = flows.filter(_any_prefix(included))
    if excluded:
        flows = flows.exclude(_any_prefix(excluded))
    return flows


def _any_prefix(codes):
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(commodity__code__startswith=code)
    return condition


# SQLite allows 500 terms in one compound SELECT; PostgreSQL has no such limit.
MEASURES_PER_QUERY = 400


def measures_coverage(measures, year, on=None, partners=None):
    """For each measure, the trade it covers in `year` and the duty it implies on `on`.

    Sources are not added together, since they report the same trade: the first source in
    `TRADE_SOURCE_PREFERENCE` that has covered flows is the one counted. The totals of every
    measure come from one query (a UNION ALL of each measure's covered flows), so a page
    listing many measures costs what a page listing one does.
    """
    measures = list(measures)
    on = on or Date.today()
    totals = defaultdict(dict)
    cells = defaultdict(list)  # (measure, source) -> [(partner, code, value)]
    for start in range(0, len(measures), MEASURES_PER_QUERY):
        per_measure = [
            covered_flows(measure, year, partners, on)
            .values("source", "partner_id", "commodity_id")
            .annotate(
                measure=Value(measure.pk, output_field=IntegerField()),
                value=Sum("value_usd"),
                rows=Count("pk"),
                fetched_at=Max("fetched_at"),
            )
            .values_list(
                "measure", "source", "partner_id", "commodity_id", "value", "rows", "fetched_at"
            )
            .order_by()
            for measure in measures[start : start + MEASURES_PER_QUERY]
        ]
        if not per_measure:
            continue
        query = (
            per_measure[0].union(*per_measure[1:], all=True)
            if len(per_measure) > 1
            else (per_measure[0])
        )
        for measure_id, source, partner, code, value, rows, fetched_at in query:
            value_sum, row_sum, latest = totals[measure_id].get(source, (Decimal(0), 0, None))
            totals[measure_id][source] = (
                value_sum + value,
                row_sum + rows,
                max(filter(None, [latest, fetched_at]), default=None),
            )
            cells[measure_id, source].append((partner, code, value))
    chosen = {
        measure.pk: next(
            (s for s in settings.TRADE_SOURCE_PREFERENCE if s in totals[measure.pk]), None
        )
        for measure in measures
    }
    refreshed = last_refreshed_by_source({source for source in chosen.values() if source})
    codes = {code for cell in cells.values() for _, code, _ in cell}
    duties = duty_calculators(measures, on, codes)
    result = []
    for measure in measures:
        source = chosen[measure.pk]
        value, rows, fetched_at = totals[measure.pk].get(source, (None, 0, None))
        state = measure.state_on(on)
        implied, uncomputed = None, Decimal(0)
        if state is not None and state.is_applied:
            implied, uncomputed = marginal_duty(
                duties[measure.issuer_id], measure, cells.get((measure.pk, source), [])
            )
        result.append(
            Coverage(
                measure=measure,
                year=year,
                source=source,
                trade_value_usd=value or Decimal(0),
                flow_count=rows or 0,
                fetched_at=fetched_at,
                last_refreshed=refreshed.get(source),
                state=state,
                implied_duty_usd=implied,
                uncomputed_value_usd=uncomputed,
            )
        )
    return result


def duty_calculators(measures, on, codes):
    """One BulkDuty per issuer, over the measures and those that can displace them, with the
    base rates of `codes`: the same few queries however many measures and issuers."""
    if not measures:
        return {}
    book = MeasureBook.around(measures, codes)
    issuers = {measure.issuer_id: measure.issuer for measure in measures}
    revisions = revisions_in_effect(list(issuers), on)
    reach = unions_by_member()
    duties = {
        issuer_id: BulkDuty(issuer, on, book=book, revision=revisions.get(issuer_id), reach=reach)
        for issuer_id, issuer in issuers.items()
    }
    load_bases(duties.values(), codes)
    return duties


def marginal_duty(duty, measure, cells):
    """(duty the measure adds on the flows, value of the flows whose share is unknown)."""
    implied, uncomputed = Decimal(0), Decimal(0)
    for partner, code, value in cells:
        shares = duty.product(partner, code).shares
        if measure.pk not in shares:
            continue  # replaced, exempt or outranked on this product
        share = shares[measure.pk]
        if share is None:
            uncomputed += value
        else:
            implied += value * share / HUNDRED
    return implied.quantize(Decimal("0.01")), uncomputed


def last_refreshed_by_source(sources):
    """{source: when its latest successful refresh run finished}, in one query."""
    if not sources:
        return {}
    rows = (
        RefreshRun.objects.succeeded()
        .filter(source__in=sources)
        .values("source")
        .annotate(latest=Max("finished_at"))
        .order_by()
    )
    return {row["source"]: row["latest"] for row in rows}


def measure_coverage(measure, year, on=None):
    """The trade one measure covers in `year` and the duty its rate implies on `on`."""
    return measures_coverage([measure], year, on)[0]
