"""What an agreement changed: for each party's imports from another, the top products by
trade value with their base rate and total duty the day before the agreement and once the
measures implementing it are in force, and the trade-weighted total over all products.

"After" is the latest day on which a step of a measure implementing the agreement (or one of
its commitments) brought it into force or modified it, on or after the announcement; without
one, the day the negotiation's record stops (or today). A rate that cannot be computed is
None, never zero.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Q

from commodities.models import Commodity
from tariffs.engine.book import MeasureBook
from tariffs.engine.bulk import BulkDuty, mean, unions_by_member
from tariffs.engine.rate_cache import effective_rate
from tariffs.engine.rates import weights
from tariffs.models import MeasureChange
from tariffs.state import APPLIED_STATUSES

from .glance import party_pairs

TOP_PRODUCTS = 10


@dataclass(frozen=True)
class ProductChange:
    code: str
    description: str
    value_usd: Decimal
    base: Decimal | None  # the base (MFN) rate as ad valorem, after
    before: Decimal | None  # total duty, %
    after: Decimal | None

    @property
    def change(self):
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass
class PairChange:
    importer: object
    exporter: object
    year: int | None
    source: str | None
    trade_value_usd: Decimal
    products: list = field(default_factory=list)  # the top ProductChanges
    total_before: object = None  # MonthRate
    total_after: object = None


@dataclass
class DealChange:
    agreement: object
    before_on: dt.date
    after_on: dt.date
    pairs: list = field(default_factory=list)


def in_force_on(agreement):
    """The latest day a step of a measure implementing the agreement or its commitments took
    effect, on or after its announcement; None without one."""
    steps = MeasureChange.objects.filter(
        Q(measure__agreements=agreement) | Q(measure__commitments__agreement=agreement),
        effective_on__gte=agreement.announced_on,
        status__in=APPLIED_STATUSES,
    )
    return steps.aggregate(day=Max("effective_on"))["day"]


def product_rates(importer, exporter, codes, on, book, reach, revision=False):
    """(the BulkDuty, {code: total duty}) of `codes` ({code: unit values}) from the exporter
    on `on`; `revision`: the importer's schedule revision in effect then, if known."""
    duty = BulkDuty(importer, on, book=book, reach=reach, revision=revision)
    duty.load_bases(codes)
    return duty, {
        code: duty.product(exporter.pk, code, units).total for code, units in codes.items()
    }


def pair_change(importer, exporter, before_on, after_on, reach, top):
    year, source, products = weights(importer, exporter)
    total = sum((value for value, _ in products.values()), Decimal(0))
    pair = PairChange(importer, exporter, year, source, total)
    if not products:
        return pair
    ranked = sorted(products.items(), key=lambda item: (-item[1][0], item[0]))[:top]
    codes = {code: units for code, (_, units) in ranked}
    book = MeasureBook.load(importer, exporter)
    _, before = product_rates(importer, exporter, codes, before_on, book, reach)
    duty, after = product_rates(importer, exporter, codes, after_on, book, reach)
    names = dict(Commodity.objects.filter(code__in=codes).values_list("code", "description"))
    for code, (value, units) in ranked:
        bases = [b.ad_valorem_equivalent(units) if b else None for b in duty.bases(code)]
        pair.products.append(
            ProductChange(code, names.get(code, ""), value, mean(bases), before[code], after[code])
        )
    for day, name in ((before_on, "total_before"), (after_on, "total_after")):
        months = effective_rate(importer, exporter, day, day).months
        setattr(pair, name, months[0] if months else None)
    return pair


def deal_changes(agreement, top=TOP_PRODUCTS):
    before_on = agreement.announced_on - dt.timedelta(days=1)
    as_of = agreement.negotiation.as_of()
    after_on = min(in_force_on(agreement) or as_of, as_of)
    answer = DealChange(agreement, before_on, after_on)
    # An order binds one party; what it changed is between the negotiation's parties.
    parties = list(agreement.parties.all())
    if len(parties) < 2:
        parties = list(agreement.negotiation.parties.all())
    reach = unions_by_member()
    pairs = [
        pair_change(importer, exporter, before_on, after_on, reach, top)
        for importer, exporter in party_pairs(parties)
    ]
    # The pairs with a computable rate first.
    answer.pairs = sorted(pairs, key=lambda p: p.total_after is None or p.total_after.rate is None)
    return answer
