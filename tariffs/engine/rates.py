"""The effective tariff rate between an importer and an exporter over time.

For each month, the trade-weighted total duty: the sum over HS6 products of last full year's
imports times the product's total duty (as ad valorem, or its equivalent from the flows'
unit values), divided by the value of the trade whose duty is computable. The share of trade
whose duty is not computable is reported beside it, never taken as zero. The rate of a month
is the rate in force on its last day (or on the range's end, in its last month).
"""

import calendar
from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q, Sum

from commodities.models import TradeFlow

from ..expressions import canonical_unit
from ..models import ScheduleRevision
from .book import MeasureBook
from .bulk import BulkDuty, load_bases, revisions_on_days, unions_by_member

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class MonthRate:
    month: Date  # the first day of the month
    on: Date  # the day whose rates are taken
    rate: Decimal | None  # %, over the trade whose duty is computable
    duty_usd: Decimal
    computable_value_usd: Decimal
    not_computable_share: Decimal  # % of the weights' value


@dataclass
class EffectiveRate:
    importer: object
    exporter: object
    start: Date
    end: Date
    known_on: Date | None
    year: int | None  # the year of the weights
    source: str | None
    trade_value_usd: Decimal
    products: int
    months: list[MonthRate] = field(default_factory=list)

    def at(self, day):
        """The month rate covering `day`, or None outside the range."""
        for month in self.months:
            if (month.month.year, month.month.month) == (day.year, day.month):
                return month
        return None


def month_ends(start, end):
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        last = Date(year, month, calendar.monthrange(year, month)[1])
        yield Date(year, month, 1), min(last, end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def annual_imports_by_hs6():
    return TradeFlow.objects.filter(
        flow=TradeFlow.Direction.IMPORT, month=TradeFlow.ANNUAL, commodity__level=6
    )


def chosen_year(options):
    """(year, source) of the weights among rows {year, source}: the latest full year, from
    the preferred source that has it; (None, None) without any."""
    preference = list(settings.TRADE_SOURCE_PREFERENCE)
    options = sorted(
        options,
        key=lambda row: (
            -row["year"],
            preference.index(row["source"]) if row["source"] in preference else 99,
        ),
    )
    if not options:
        return None, None
    return options[0]["year"], options[0]["source"]


def add_product(products, row):
    """Add a row {commodity_id, quantity_unit, value, quantity} to {hs6: (value, {unit:
    value per unit})}."""
    value, units = products.get(row["commodity_id"], (ZERO, {}))
    unit = canonical_unit(row["quantity_unit"]) if row["quantity_unit"] else None
    if unit and row["quantity"]:
        units[unit] = row["value"] / row["quantity"]
    products[row["commodity_id"]] = (value + row["value"], units)


def weights(importer, exporter):
    """(year, source, {hs6: (value, {unit: value per unit})}) of the latest full year of
    annual imports by HS6 from the exporter, from the preferred source that has it."""
    flows = annual_imports_by_hs6().filter(reporter=importer, partner=exporter)
    year, source = chosen_year(flows.values("year", "source").distinct().order_by("-year"))
    if year is None:
        return None, None, {}
    rows = (
        flows.filter(year=year, source=source)
        .values("commodity_id", "quantity_unit")
        .annotate(value=Sum("value_usd"), quantity=Sum("quantity"))
        .order_by()
    )
    products = {}
    for row in rows:
        add_product(products, row)
    return year, source, products


def weights_of_pairs(pairs, codes):
    """{(importer pk, exporter pk): (year, source, {hs6: ...})} as `weights` gives them, for
    several (importer, exporter) pairs at once, with only the products among `codes`: in
    two queries."""
    wanted = {(importer.pk, exporter.pk) for importer, exporter in pairs}
    if not wanted:
        return {}
    flows = annual_imports_by_hs6().filter(
        reporter__in={i for i, _ in wanted}, partner__in={e for _, e in wanted}
    )
    options = {}
    found = flows.values("reporter", "partner", "year", "source").distinct().order_by()
    for row in found:
        options.setdefault((row["reporter"], row["partner"]), []).append(row)
    chosen = {pair: chosen_year(options.get(pair, [])) for pair in wanted}
    answers = {pair: (year, source, {}) for pair, (year, source) in chosen.items()}
    which = [
        Q(reporter=importer, partner=exporter, year=year, source=source)
        for (importer, exporter), (year, source) in chosen.items()
        if year is not None
    ]
    if not which:
        return answers
    rows = (
        flows.filter(reduce(or_, which), commodity__in=list(codes))
        .values("reporter", "partner", "commodity_id", "quantity_unit")
        .annotate(value=Sum("value_usd"), quantity=Sum("quantity"))
        .order_by()
    )
    for row in rows:
        add_product(answers[row["reporter"], row["partner"]][2], row)
    return answers


def product_totals(asked, codes):
    """{(importer pk, exporter pk, day): {code: total duty}} of the HS6 `codes` for each
    (importer, exporter, day) of `asked`, each product at its unit values in the pair's
    trade weights (`weights_of_pairs`), as `BulkDuty.total` gives it: one BulkDuty per
    importer and day over one book of the importers' measures on `codes`, in the same
    queries however many importers, exporters and days. A total needs a base rate: an
    importer without a schedule revision on a day has none, so for it on that day neither
    its measures nor its trade weights are read (and without any, nothing more is)."""
    asked = list(asked)
    revisions = revisions_on_days({i.pk for i, _, _ in asked}, {day for _, _, day in asked})
    scheduled = [(i, e, day) for i, e, day in asked if revisions[i.pk, day] is not None]
    book = MeasureBook.of_issuers({i for i, _, _ in scheduled}, codes)
    weights = weights_of_pairs({(i, e) for i, e, _ in scheduled}, codes)
    reach = unions_by_member() if scheduled else None
    duties = {}
    for importer, _, day in asked:
        if (importer.pk, day) not in duties:
            revision = revisions[importer.pk, day]
            duties[importer.pk, day] = BulkDuty(
                importer, day, book=book, revision=revision, reach=reach
            )
    load_bases(duties.values(), codes)
    answers = {}
    for importer, exporter, day in asked:
        _, _, products = weights.get((importer.pk, exporter.pk), (None, None, {}))
        duty = duties[importer.pk, day]
        answers[importer.pk, exporter.pk, day] = {
            code: duty.total(exporter.pk, code, products.get(code, (ZERO, {}))[1]) for code in codes
        }
    return answers


def measure_signature(measure, on, known_on):
    """What a measure contributes to any answer on `on`: its state and which of its dated
    lines, relations and exceptions are in effect."""
    return (
        measure.state_on(on, known_on),
        tuple(line.in_effect(on) for line in measure.scope_lines),
        tuple(r.in_effect(on) for r in measure.relations),
        tuple(e.in_effect(on) for e in measure.partner_exceptions),
    )


class ProductRates:
    """Each product's total duty, worked out again only when something it depends on (its
    candidate measures' signatures, the schedule revision) differs from a month already
    computed."""

    def __init__(self, importer, exporter, book, known_on):
        self.importer, self.exporter, self.book, self.known_on = importer, exporter, book, known_on
        self.reach = unions_by_member()
        self.partner_reach = self.reach.get(exporter.pk, {exporter.pk})
        self.interned = {}
        self.rates = {}
        self.bases = {}
        self.candidates = {}

    def month(self, on, revision, products):
        keys = {
            measure.pk: self.interned.setdefault(
                measure_signature(measure, on, self.known_on), len(self.interned)
            )
            for measure in self.book.measures
        }
        duty = BulkDuty(
            self.importer, on, self.known_on, self.book, revision=revision, reach=self.reach
        )
        revision_key = revision.pk if revision else None
        if revision_key not in self.bases:
            duty.load_bases(products)
            self.bases[revision_key] = duty._bases
        duty._bases = self.bases[revision_key]
        found = {}
        for code, (_, units) in products.items():
            if code not in self.candidates:
                self.candidates[code] = [
                    m.pk for m in self.book.candidates(code, self.partner_reach, self.importer.pk)
                ]
            # The year too: a quota's fill date counts until the end of its year.
            key = (code, revision_key, on.year, tuple(keys[pk] for pk in self.candidates[code]))
            if key not in self.rates:
                self.rates[key] = duty.product(self.exporter.pk, code, units).total
            found[code] = self.rates[key]
        return found


def effective_tariff_rate(importer, exporter, start, end, known_on=None):
    year, source, products = weights(importer, exporter)
    total_value = sum((value for value, _ in products.values()), ZERO)
    answer = EffectiveRate(
        importer, exporter, start, end, known_on, year, source, total_value, len(products)
    )
    if not products:
        return answer
    book = MeasureBook.load(importer, exporter)
    revisions = list(
        ScheduleRevision.objects.filter(importer=importer, effective_from__lte=end).order_by(
            "-effective_from", "-pk"
        )
    )
    rates = ProductRates(importer, exporter, book, known_on)
    for first, on in month_ends(start, end):
        revision = next((r for r in revisions if r.effective_from <= on), None)
        figures = month_figures(rates.month(on, revision, products), products, total_value)
        answer.months.append(MonthRate(first, on, *figures))
    return answer


def month_figures(rates, products, total_value):
    paid, counted = ZERO, ZERO
    for code, (value, _) in products.items():
        rate = rates[code]
        if rate is not None:
            paid += value * rate / HUNDRED
            counted += value
    rate = (paid / counted * HUNDRED).quantize(Decimal("0.001")) if counted else None
    missing = ((total_value - counted) / total_value * HUNDRED).quantize(Decimal("0.01"))
    return rate, paid.quantize(Decimal("0.01")), counted, missing
