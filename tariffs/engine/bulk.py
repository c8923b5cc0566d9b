"""Duty rates for many partners and products on one date, from measures loaded once.

Coverage and the effective tariff rate ask this: for each (partner, HS code) the total duty
as ad valorem and each applied measure's marginal share of it (what it adds to the base), so
that measures on the same trade never add up twice. A code with several national lines takes
the mean of its lines. A share or total that cannot be computed is None, never zero.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models.functions import Substr

from core.models import Economy

from ..expressions import parse
from ..models import NationalLine, ScheduleRevision
from .book import MeasureBook
from .layers import layer
from .resolve import resolve

ZERO = Decimal(0)


@dataclass
class ProductDuty:
    total: Decimal | None  # total duty as ad valorem (%), None: not computable
    shares: dict = field(default_factory=dict)  # measure id -> its share (%) or None


def mean(values):
    values = list(values)
    if not values or any(value is None for value in values):
        return None
    return sum(values, ZERO) / len(values)


def unions_by_member():
    """{economy id: its id and the ids of the unions it belongs to}, in one query."""
    reach = {}
    links = Economy.members.through.objects.values_list("to_economy_id", "from_economy_id")
    for member, union in links:
        reach.setdefault(member, {member}).add(union)
    return reach


def revisions_in_effect(importer_ids, on):
    """{importer id: its schedule revision in effect on `on`}, in one query."""
    found = revisions_on_days(importer_ids, [on])
    return {importer_id: revision for (importer_id, _), revision in found.items() if revision}


def revisions_on_days(importer_ids, days):
    """{(importer id, day): its schedule revision in effect that day, or None} for every
    importer of `importer_ids` and day of `days`, in one query: on each day, the newest
    revision in effect by then (`ScheduleRevision.objects.in_effect_on`)."""
    importer_ids, days = set(importer_ids), set(days)
    newest_first = {importer_id: [] for importer_id in importer_ids}
    if importer_ids and days:
        rows = ScheduleRevision.objects.filter(
            importer__in=importer_ids, effective_from__lte=max(days)
        ).order_by("importer_id", "-effective_from", "-pk")
        for revision in rows:
            newest_first[revision.importer_id].append(revision)
    return {
        (importer_id, day): next((r for r in revisions if r.effective_from <= day), None)
        for importer_id, revisions in newest_first.items()
        for day in days
    }


def load_bases(duties, codes):
    """Fill each BulkDuty's base rates for the HS6 codes of `codes`, in one query for all."""
    wanted = {code[:6] for code in codes}
    by_revision = {}
    for duty in duties:
        for code in wanted - set(duty._bases):
            duty._bases[code] = []
        if duty.revision is not None:
            by_revision.setdefault(duty.revision.pk, []).append(duty)
    if not by_revision:
        return  # no schedule: no base rate to read
    rows = (
        NationalLine.objects.filter(revision__in=list(by_revision))
        .annotate(hs6_code=Substr("code", 1, 6))
        .filter(hs6_code__in=wanted)
        .values_list("revision_id", "hs6_code", "code", "rate_line", "general")
    )
    for revision_id, hs6_code, code, rate_line, general in rows:
        if code == rate_line:
            for duty in by_revision[revision_id]:
                duty._bases[hs6_code].append(parse(general))


class BulkDuty:
    def __init__(self, importer, on, known_on=None, book=None, revision=False, reach=None):
        self.importer = importer
        self.on = on
        self.known_on = known_on
        self.book = book if book is not None else MeasureBook.load(importer)
        if revision is False:
            revision = ScheduleRevision.objects.in_effect_on(importer, on)
        self.revision = revision
        self._bases = {}
        self._reach = reach
        self._cache = {}

    def reach(self, partner_id):
        if self._reach is None:
            self._reach = unions_by_member()
        return self._reach.get(partner_id, {partner_id})

    def load_bases(self, codes):
        """The base rates of the rate lines under each HS6 code, in one query."""
        load_bases([self], codes)

    def bases(self, code):
        if code[:6] not in self._bases:
            self.load_bases([code])
        return self._bases[code[:6]] or [None]

    def total(self, partner_id, code, unit_values=None):
        """The total duty of `code` from the partner, as `product` gives it: without a base
        rate with an ad valorem equivalent on every line of the code, None (a total is the
        base plus the layers), and no measure is resolved."""
        values = unit_values or {}
        if any(b is None or b.ad_valorem_equivalent(values) is None for b in self.bases(code)):
            return None
        return self.product(partner_id, code, unit_values).total

    def product(self, partner_id, code, unit_values=None):
        """The ProductDuty of `code` from the partner (by id) on the date."""
        reach = self.reach(partner_id)
        candidates = self.book.candidates(code, reach, self.importer.pk)
        key = None
        if unit_values is None:
            excepted = tuple(
                measure.pk
                for measure in candidates
                if any(e.economy_id in reach for e in measure.partner_exceptions)
            )
            key = (code, tuple(m.pk for m in candidates), excepted)
            if key in self._cache:
                return self._cache[key]
        applying, _ = resolve(candidates, code, self.on, reach, self.known_on)
        totals, shares = [], {item.measure.pk: [] for item in applying}
        for base in self.bases(code):
            base_ave = base.ad_valorem_equivalent(unit_values or {}) if base else None
            total = base_ave
            for item in applying:
                entry = layer(item, base, base_ave, self.on, [])
                share = entry.adds.ad_valorem_equivalent(unit_values or {}) if entry.adds else None
                shares[item.measure.pk].append(share)
                total = None if total is None or share is None else total + share
            totals.append(total)
        result = ProductDuty(mean(totals), {pk: mean(values) for pk, values in shares.items()})
        if key is not None:
            self._cache[key] = result
        return result
