"""Tariff rules: a measure's state on a date, the tariff on a product, the trade covered."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, IntegerField, Max, Q, Sum, Value

from commodities import hs
from commodities.models import RefreshRun, TradeFlow
from core.models import Economy

from .models import Measure
from .state import MeasureState, state_from_changes

__all__ = [
    "Coverage",
    "MeasureState",
    "TariffLookup",
    "lookup_tariff",
    "measure_coverage",
    "measures_coverage",
    "state_from_changes",
]

HUNDRED = Decimal(100)


def matched_scope_line(measure, code):
    """The scope line that brings `code` into the measure's scope, most specific first."""
    lines = [line for line in measure.scope_lines.all() if not line.excluded]
    covering = [line.commodity_id for line in lines if hs.covers(line.commodity_id, code)]
    if covering:
        return max(covering, key=len)
    return "all products" if measure.covers_all_products else None


@dataclass(frozen=True)
class MeasureOnProduct:
    measure: Measure
    state: MeasureState
    matched: str

    @property
    def reason(self):
        targets = "every economy" if self.measure.applies_to_all_economies else "this exporter"
        return (
            f"{self.measure.get_legal_basis_display()}: scope line {self.matched} covers the "
            f"product; aimed at {targets}; {self.state.status_label} since "
            f"{self.state.since:%Y-%m-%d}"
        )


@dataclass(frozen=True)
class TariffLookup:
    importer: object
    exporter: object
    code: str
    on: Date
    applied: list[MeasureOnProduct] = field(default_factory=list)
    not_applied: list[MeasureOnProduct] = field(default_factory=list)

    @property
    def combined_ad_valorem_rate(self):
        """Stacking measures add up; of the non-stacking ones only the highest applies."""
        rates = [(m.measure.stacks, m.state.ad_valorem_rate) for m in self.applied]
        stacking = sum((rate for stacks, rate in rates if stacks and rate is not None), Decimal(0))
        competing = [rate for stacks, rate in rates if not stacks and rate is not None]
        return stacking + max(competing, default=Decimal(0))

    @property
    def quotas(self):
        return [m for m in self.applied if m.measure.measure_type == Measure.Type.TARIFF_RATE_QUOTA]

    @property
    def specific_duties(self):
        return [m for m in self.applied if m.measure.measure_type == Measure.Type.SPECIFIC]


def lookup_tariff(importer, exporter, code, on):
    """Every measure of `importer` whose scope covers `code` from `exporter`, as of `on`."""
    measures = (
        Measure.objects.filter(issuer=importer)
        .covering(code)
        .targeting(exporter)
        .prefetch_related("changes", "scope_lines")
        .order_by("title")
    )
    applied, not_applied = [], []
    for measure in measures:
        state = measure.state_on(on)
        if state is None:
            continue
        entry = MeasureOnProduct(measure, state, matched_scope_line(measure, code))
        (applied if state.is_applied else not_applied).append(entry)
    return TariffLookup(importer, exporter, code, on, applied, not_applied)


@dataclass(frozen=True)
class Coverage:
    """The trade a measure covers in a year (from its targets, within its scope) and the duty
    its rate implies on a date: collected only while the measure is applied."""

    measure: Measure
    year: int
    source: str | None
    trade_value_usd: Decimal
    flow_count: int
    fetched_at: object
    last_refreshed: object
    state: MeasureState | None

    @property
    def rate(self):
        return self.state.ad_valorem_rate if self.state else None

    @property
    def implied_duty_usd(self):
        if self.rate is None or not self.state.is_applied:
            return None
        return (self.trade_value_usd * self.rate / HUNDRED).quantize(Decimal("0.01"))


def covered_flows(measure, year, partners=None):
    """Annual HS6 imports of the issuer, from the measure's targets, within its scope.

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
    lines = list(measure.scope_lines.all())
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
    for start in range(0, len(measures), MEASURES_PER_QUERY):
        per_measure = [
            covered_flows(measure, year, partners)
            .values("source")
            .annotate(
                measure=Value(measure.pk, output_field=IntegerField()),
                value=Sum("value_usd"),
                rows=Count("pk"),
                fetched_at=Max("fetched_at"),
            )
            .values_list("measure", "source", "value", "rows", "fetched_at")
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
        for measure_id, source, value, rows, fetched_at in query:
            totals[measure_id][source] = (value, rows, fetched_at)
    chosen = {
        measure.pk: next(
            (s for s in settings.TRADE_SOURCE_PREFERENCE if s in totals[measure.pk]), None
        )
        for measure in measures
    }
    refreshed = last_refreshed_by_source({source for source in chosen.values() if source})
    result = []
    for measure in measures:
        source = chosen[measure.pk]
        value, rows, fetched_at = totals[measure.pk].get(source, (None, 0, None))
        result.append(
            Coverage(
                measure=measure,
                year=year,
                source=source,
                trade_value_usd=value or Decimal(0),
                flow_count=rows or 0,
                fetched_at=fetched_at,
                last_refreshed=refreshed.get(source),
                state=measure.state_on(on),
            )
        )
    return result


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
