"""What the stored trade flows show of commitments: the one home of that computation.

A commitment measurable in trade data names an importer (`trade_reporter`), an exporter
(`trade_partner`) and a unit (`trade_unit`): "USD" sums the flows' values, a quantity unit
sums their quantities (kilograms and tonnes are converted into each other). The flows counted
are annual HS6 imports within the commitment's products (a product covers every code that
starts with it; a product finer than HS6 matches no flow). Sources are not added together,
since they report the same trade: each year counts the first source in
`TRADE_SOURCE_PREFERENCE` with figures in the unit.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, IntegerField, Max, Q, Sum, Value

from commodities.models import TradeFlow
from tariffs.expressions.units import canonical_unit

from .models.agreements import USD

HUNDRED = Decimal(100)
# Units of mass in kilograms: a quantity in one converts into another.
MASS_IN_KG = {"g": Decimal("0.001"), "kg": Decimal(1), "t": Decimal(1000)}
# Spellings of a commitment's unit that the schedule's unit names do not cover.
MORE_SPELLINGS = {"tonnes": "t", "metric tons": "t", "metric tonnes": "t"}
# How an amount in US dollars is written: its unit, lower case, and the factor to dollars.
DOLLARS = {
    "usd": Decimal(1),
    "usd m": Decimal(10) ** 6,
    "usd mn": Decimal(10) ** 6,
    "usd million": Decimal(10) ** 6,
    "usd bn": Decimal(10) ** 9,
    "usd billion": Decimal(10) ** 9,
}
# How a trade unit reads in a sentence ("imports ... in tonnes"); others read as written.
UNIT_WORDS = {"t": "tonnes", "kg": "kilograms", "g": "grams", "No.": "units"}
# SQLite allows 500 terms in one compound SELECT; PostgreSQL has no such limit.
COMMITMENTS_PER_QUERY = 400


def quantity_factor(unit, into):
    """What one `unit` is in `into` (both quantity units), or None when they do not convert."""
    unit, into = (
        canonical_unit(MORE_SPELLINGS.get(" ".join(text.lower().split()), text))
        for text in (unit, into)
    )
    if unit is None or into is None:
        return None
    if unit == into:
        return Decimal(1)
    if unit in MASS_IN_KG and into in MASS_IN_KG:
        return MASS_IN_KG[unit] / MASS_IN_KG[into]
    return None


def amount_in_trade_unit(commitment):
    """The commitment's amount in its trade unit, or None when the two do not compare."""
    if commitment.amount is None or not commitment.is_measurable:
        return None
    if commitment.trade_unit == USD:
        factor = DOLLARS.get(" ".join(commitment.unit.lower().split()))
    else:
        factor = quantity_factor(commitment.unit, commitment.trade_unit)
    return commitment.amount * factor if factor is not None else None


@dataclass(frozen=True)
class TradeYear:
    year: int
    total: Decimal
    source: str
    fetched_at: object
    codes: tuple  # the HS6 codes with figures
    share: Decimal | None  # of the commitment's amount, in %, when the two compare
    # Codes whose flows give a value but no quantity in the unit: the total leaves them out.
    codes_without_quantity: tuple = ()

    @property
    def source_label(self):
        return TradeFlow.Source(self.source).label


@dataclass(frozen=True)
class CommitmentTrade:
    """The stored trade by which a commitment can be followed, year by year (oldest first)."""

    commitment: object
    unit: str
    products: tuple
    years: list = field(default_factory=list)
    amount: Decimal | None = None  # the commitment's amount in `unit`, when they compare
    # Years whose flows give values but no quantity in the unit.
    without_quantity: tuple = ()

    @property
    def fetched_at(self):
        """The latest fetch of the figures shown."""
        return max((y.fetched_at for y in self.years if y.fetched_at), default=None)

    @property
    def sources(self):
        return sorted({y.source_label for y in self.years})

    @property
    def what(self):
        """What is measured, in words: whose imports from whom, of what, in which unit."""
        commitment = self.commitment
        codes = ", ".join(self.products) or "no HS code"
        unit = UNIT_WORDS.get(canonical_unit(self.unit), self.unit)
        return (
            f"{commitment.trade_reporter.name}'s imports from {commitment.trade_partner.name} "
            f"of HS {codes} in {unit}"
        )

    @property
    def missing(self):
        """Why no figure is shown, or an empty string when some are."""
        if self.years:
            return ""
        message = f"No trade data stored for {self.what}."
        if not self.products:
            message += " The commitment names no product."
        elif self.without_quantity:
            years = ", ".join(str(year) for year in self.without_quantity)
            message += f" The stored flows ({years}) give values in USD only, no quantity."
        return message


def commitment_flows(commitment):
    """The flows a measurable commitment is read in, before any source is chosen."""
    products = [product.code for product in commitment.products.all()]
    condition = Q(pk__in=[])
    for code in products:
        condition |= Q(commodity__code__startswith=code)
    return TradeFlow.objects.filter(
        condition,
        reporter=commitment.trade_reporter_id,
        partner=commitment.trade_partner_id,
        flow=TradeFlow.Direction.IMPORT,
        month=TradeFlow.ANNUAL,
        commodity__level=6,
    )


def commitments_trade(commitments):
    """{commitment pk: CommitmentTrade} for the measurable ones among `commitments`.

    Reads each commitment's products (prefetch them) and its two economies (select them); the
    flows of every commitment come in one query (a UNION ALL), so a page with many
    commitments costs what a page with one does.
    """
    measurable = [c for c in commitments if c.is_measurable]
    cells = defaultdict(list)  # commitment pk -> rows
    for start in range(0, len(measurable), COMMITMENTS_PER_QUERY):
        per_commitment = [
            commitment_flows(commitment)
            .values("source", "year", "commodity_id", "quantity_unit")
            .annotate(
                commitment=Value(commitment.pk, output_field=IntegerField()),
                unmeasured=Count("pk", filter=Q(quantity__isnull=True)),
                value_sum=Sum("value_usd"),
                quantity_sum=Sum("quantity"),
                latest_fetch=Max("fetched_at"),
            )
            .values_list(
                "commitment",
                "source",
                "year",
                "commodity_id",
                "quantity_unit",
                "value_sum",
                "quantity_sum",
                "unmeasured",
                "latest_fetch",
            )
            .order_by()
            for commitment in measurable[start : start + COMMITMENTS_PER_QUERY]
        ]
        query = per_commitment[0]
        if len(per_commitment) > 1:
            query = query.union(*per_commitment[1:], all=True)
        for commitment_pk, *row in query:
            cells[commitment_pk].append(row)
    return {c.pk: commitment_trade(c, cells.get(c.pk, [])) for c in measurable}


def commitment_trade(commitment, rows):
    """The years of a commitment's trade from its flow rows, one source a year."""
    unit = commitment.trade_unit
    # (year, source) -> [total, latest fetch, codes with a figure, codes without]
    found = defaultdict(lambda: [Decimal(0), None, set(), set()])
    for source, year, code, quantity_unit, value, quantity, unmeasured, fetched_at in rows:
        entry = found[year, source]
        if unit == USD:
            figure = value
        else:
            factor = quantity_factor(quantity_unit, unit) if quantity is not None else None
            figure = quantity * factor if factor is not None else None
            if figure is None or unmeasured:
                entry[3].add(code)
        if figure is None:
            continue
        entry[0] += figure
        entry[1] = max(filter(None, [entry[1], fetched_at]), default=None)
        entry[2].add(code)
    amount = amount_in_trade_unit(commitment)
    preference = list(settings.TRADE_SOURCE_PREFERENCE)
    years = []
    for year in sorted({year for year, source in found if found[year, source][2]}):
        source = min(
            (s for y, s in found if y == year and found[y, s][2]),
            key=lambda s: preference.index(s) if s in preference else len(preference),
        )
        total, fetched_at, codes, without = found[year, source]
        share = (total / amount * HUNDRED).quantize(Decimal("0.1")) if amount else None
        years.append(
            TradeYear(
                year=year,
                total=total,
                source=source,
                fetched_at=fetched_at,
                codes=tuple(sorted(codes)),
                share=share,
                codes_without_quantity=tuple(sorted(without)),
            )
        )
    shown = {y.year for y in years}
    return CommitmentTrade(
        commitment=commitment,
        unit=unit,
        products=tuple(product.code for product in commitment.products.all()),
        years=years,
        amount=amount,
        without_quantity=tuple(sorted({year for year, _ in found} - shown)),
    )
