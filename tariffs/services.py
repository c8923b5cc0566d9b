"""Tariff rules: a measure's state on a date, the tariff on a product, the trade covered."""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date as Date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, Q, Sum

from commodities import hs
from commodities.models import RefreshRun, TradeFlow
from negotiations.models import Economy

from .models import APPLIED_STATUSES, Measure, Status

RATE_FIELDS = (
    "ad_valorem_rate",
    "specific_rate",
    "in_quota_rate",
    "out_of_quota_rate",
    "quota_volume",
)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class MeasureState:
    status: str
    since: Date
    ad_valorem_rate: Decimal | None = None
    specific_rate: Decimal | None = None
    in_quota_rate: Decimal | None = None
    out_of_quota_rate: Decimal | None = None
    quota_volume: Decimal | None = None

    @property
    def is_applied(self):
        return self.status in APPLIED_STATUSES

    @property
    def status_label(self):
        return Status(self.status).label


def state_from_changes(changes, on):
    """Fold a measure's changes up to `on`: the latest status, each rate as last set."""
    state = None
    for change in sorted(changes, key=lambda c: (c.effective_on, c.pk or 0)):
        if change.effective_on > on:
            break
        rates = {f: getattr(change, f) for f in RATE_FIELDS if getattr(change, f) is not None}
        if state is None:
            state = MeasureState(status=change.status, since=change.effective_on, **rates)
        else:
            state = replace(state, status=change.status, since=change.effective_on, **rates)
    return state


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
        state = state_from_changes(measure.changes.all(), on)
        if state is None:
            continue
        entry = MeasureOnProduct(measure, state, matched_scope_line(measure, code))
        (applied if state.is_applied else not_applied).append(entry)
    return TariffLookup(importer, exporter, code, on, applied, not_applied)


@dataclass(frozen=True)
class Coverage:
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
        if self.rate is None:
            return None
        return (self.trade_value_usd * self.rate / HUNDRED).quantize(Decimal("0.01"))


def covered_flows(measure, year):
    """Annual HS6 imports of the issuer, from the measure's targets, within its scope."""
    flows = TradeFlow.objects.filter(
        reporter=measure.issuer_id,
        flow=TradeFlow.Direction.IMPORT,
        year=year,
        month=TradeFlow.ANNUAL,
        commodity__level=6,
    )
    if not measure.applies_to_all_economies:
        # A subquery, not a join to the unions: a country in two targeted unions counts once.
        targets = [economy.pk for economy in measure.targets.all()]
        partners = Economy.objects.filter(Q(pk__in=targets) | Q(unions__in=targets)).values("pk")
        flows = flows.filter(partner__in=partners)
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


def measure_coverage(measure, year, on=None):
    """The trade a measure covers in `year` and the duty its rate implies.

    Sources are not added together, since they report the same trade: the first source in
    `TRADE_SOURCE_PREFERENCE` that has covered flows is the one counted.
    """
    totals = {
        row["source"]: row
        for row in covered_flows(measure, year)
        .values("source")
        .annotate(value=Sum("value_usd"), rows=Count("pk"), fetched_at=Max("fetched_at"))
        .order_by()
    }
    source = next((s for s in settings.TRADE_SOURCE_PREFERENCE if s in totals), None)
    chosen = totals.get(source, {})
    on = on or Date.today()
    return Coverage(
        measure=measure,
        year=year,
        source=source,
        trade_value_usd=chosen.get("value") or Decimal(0),
        flow_count=chosen.get("rows") or 0,
        fetched_at=chosen.get("fetched_at"),
        last_refreshed=RefreshRun.objects.last_refreshed(source=source) if source else None,
        state=state_from_changes(measure.changes.all(), on),
    )


def scope_covers(measure, code):
    """The measure's scope takes in `code`: included by a line or by all products, not excluded."""
    lines = measure.scope_lines.all()
    if any(line.excluded and hs.covers(line.commodity_id, code) for line in lines):
        return False
    return measure.covers_all_products or any(
        not line.excluded and hs.covers(line.commodity_id, code) for line in lines
    )


@dataclass(frozen=True)
class BilateralCoverage:
    measure: Measure
    state: MeasureState | None
    trade_value_usd: Decimal
    source: str | None

    @property
    def implied_duty_usd(self):
        if not self.state or self.state.ad_valorem_rate is None:
            return None
        return (self.trade_value_usd * self.state.ad_valorem_rate / HUNDRED).quantize(
            Decimal("0.01")
        )


def coverage_among(measures, economies, year, on):
    """For each measure, the trade among `economies` it covers in `year`, in one query.

    Meant for pages listing the measures in play between a few parties: the flows are the
    issuers' annual HS6 imports from the other parties, summed per source in preference order.
    """
    measures = list(measures)
    flows = (
        TradeFlow.objects.filter(
            reporter__in=economies,
            partner__in=economies,
            flow=TradeFlow.Direction.IMPORT,
            year=year,
            month=TradeFlow.ANNUAL,
            commodity__level=6,
        )
        .values_list("reporter", "partner", "source", "commodity")
        .annotate(value=Sum("value_usd"))
        .order_by()
    )
    by_series = defaultdict(list)
    for reporter, partner, source, code, value in flows:
        by_series[reporter].append((partner, source, code, value))
    result = []
    for measure in measures:
        targets = {e.pk for t in measure.targets.all() for e in (t, *t.members.all())}
        totals = defaultdict(Decimal)
        for partner, source, code, value in by_series[measure.issuer_id]:
            if (measure.applies_to_all_economies or partner in targets) and scope_covers(
                measure, code
            ):
                totals[source] += value
        source = next((s for s in settings.TRADE_SOURCE_PREFERENCE if s in totals), None)
        state = state_from_changes(measure.changes.all(), on)
        result.append(BilateralCoverage(measure, state, totals.get(source, Decimal(0)), source))
    return result
