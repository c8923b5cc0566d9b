"""The measures of an importer that can apply, loaded once, asked about many products.

A single lookup loads the few measures that touch one code and reach one partner; the
effective tariff rate and coverage load every measure of the importer (or those given) and
then ask about many partners and products in memory. Either way a constant number of queries.
"""

from django.db.models import Q

from commodities import hs
from core.models import Economy

from ..models import Measure, MeasureRelation
from .rows import load_rows, lookup_rows


def reach_ids(economy):
    """The economy's id and those of the unions it belongs to (Economy.objects.reach)."""
    return Economy.objects.reach_ids([economy])[economy.pk]


class MeasureBook:
    def __init__(self, measures):
        self.measures = list(measures)
        self.by_id = {measure.pk: measure for measure in self.measures}
        self.everything = []
        self.by_code = {}
        for measure in self.measures:
            if measure.covers_all_products:
                self.everything.append(measure)
            for line in measure.scope_lines:
                if not line.excluded:
                    self.by_code.setdefault(line.commodity_id, set()).add(measure.pk)

    @classmethod
    def load(cls, importer, exporter=None, code=None, reach=None):
        """The importer's measures (reaching goods from `exporter`, or from the one economy
        whose reach is `reach`; touching `code`), as rows. A book loaded for one partner's
        reach answers for that partner only."""
        if reach is not None and code is not None:
            return cls(lookup_rows(importer.pk, reach, code))
        measures = Measure.objects.filter(issuer=importer)
        if reach is not None:
            measures = measures.reaching_ids(reach)
        elif exporter is not None:
            measures = measures.targeting(exporter)
        if code is not None:
            measures = measures.touching(code)
        return cls(load_rows(measures, targets=reach is None))

    @classmethod
    def of_issuers(cls, importers, codes):
        """The measures of several importers that could cover any of `codes`, with their
        targets: one book for all of them (`candidates` takes the issuer) that answers for
        those codes (it holds every candidate of theirs), in one round of queries."""
        if not importers:
            return cls([])
        measures = Measure.objects.filter(issuer__in=[importer.pk for importer in importers])
        return cls(load_rows(measures.touching_any(codes)))

    @classmethod
    def around(cls, measures, codes=None):
        """The measures and those that can displace them: the measures they relate to or
        that relate to them (and what replaces those), and, for a measure with a precedence,
        the issuer's other measures with one that touch any of `codes` (all codes: None).
        A measure without a precedence is never outranked, so it needs no rivals."""
        ids = {measure.pk for measure in measures}
        ranked = {measure.issuer_id for measure in measures if measure.precedence is not None}
        relations = MeasureRelation.objects.all()
        for _ in range(2):
            linked = relations.filter(Q(measure__in=ids) | Q(other__in=ids)).values_list(
                "measure", "other"
            )
            ids |= {pk for pair in linked for pk in pair}
        rivals = Measure.objects.filter(issuer__in=ranked, precedence__isnull=False)
        if codes is not None:
            rivals = rivals.touching_any(codes)
        chosen = Measure.objects.filter(Q(pk__in=ids) | Q(pk__in=rivals.values("pk")))
        return cls(load_rows(chosen))

    def aims_at(self, measure, reach):
        if measure.target_ids is None:
            return True  # loaded for this partner: it reaches it
        return measure.applies_to_all_economies or not measure.target_ids.isdisjoint(reach)

    def candidates(self, code, reach, issuer_id=None):
        """Measures (of `issuer_id`, when given) aimed at a partner whose reach is `reach`
        (its id and its unions'), with a scope line at or above `code` on some date, or on
        all products."""
        ids = set()
        for prefix in hs.prefixes(code):
            ids |= self.by_code.get(prefix, set())
        found = {measure.pk: measure for measure in self.everything}
        found.update((pk, self.by_id[pk]) for pk in ids)
        chosen = [
            measure
            for measure in found.values()
            if self.aims_at(measure, reach) and issuer_id in (None, measure.issuer_id)
        ]
        return sorted(chosen, key=lambda measure: (measure.title, measure.pk))
