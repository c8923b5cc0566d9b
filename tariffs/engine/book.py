"""The measures of an importer that can apply, loaded once, asked about many products.

A single lookup loads the few measures that touch one code and reach one partner; the
effective tariff rate and coverage load every measure of the importer (or those given) and
then ask about many partners and products in memory. Either way a constant number of queries.
"""

from django.db.models import Prefetch, Q

from commodities import hs
from core.models import Economy

from ..models import Measure, MeasureRelation


def reach_ids(economy):
    """The economy's id and those of the unions it belongs to."""
    return set(Economy.objects.reach([economy]).values_list("pk", flat=True))


class MeasureBook:
    def __init__(self, measures):
        self.measures = list(measures)
        self.by_id = {measure.pk: measure for measure in self.measures}
        self.everything = []
        self.by_code = {}
        self.target_ids = {}
        for measure in self.measures:
            if measure.covers_all_products:
                self.everything.append(measure)
            for line in measure.scope_lines.all():
                if not line.excluded:
                    self.by_code.setdefault(line.commodity_id, set()).add(measure.pk)
            self.target_ids[measure.pk] = {economy.pk for economy in measure.targets.all()}

    @classmethod
    def load(cls, importer, exporter=None, code=None, measures=None):
        """The importer's measures (reaching goods from `exporter`, touching `code`, if given)."""
        if measures is None:
            measures = Measure.objects.filter(issuer=importer)
            if exporter is not None:
                measures = measures.targeting(exporter)
            if code is not None:
                measures = measures.touching(code)
        return cls(prefetched(measures))

    @classmethod
    def around(cls, measures):
        """The measures and those that can displace them on some product: the measures
        they relate to or that relate to them (and what replaces those), and every measure
        of the issuer with a precedence."""
        ids = {measure.pk for measure in measures}
        issuers = {measure.issuer_id for measure in measures}
        relations = MeasureRelation.objects.all()
        for _ in range(2):
            linked = relations.filter(Q(measure__in=ids) | Q(other__in=ids))
            ids |= set(linked.values_list("measure", flat=True))
            ids |= set(linked.values_list("other", flat=True))
        chosen = Measure.objects.filter(
            Q(pk__in=ids) | Q(issuer__in=issuers, precedence__isnull=False)
        )
        return cls(prefetched(chosen))

    def aims_at(self, measure, reach):
        return measure.applies_to_all_economies or bool(self.target_ids[measure.pk] & reach)

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


def prefetched(measures):
    return (
        measures.select_related("issuer")
        .prefetch_related(
            "targets",
            "scope_lines",
            "partner_exceptions__economy",
            "changes",
            # The related measures by their keys (a join would have the planner merge over
            # the whole measures table). Sources are read for the layers only (`lookup`).
            Prefetch("relations", MeasureRelation.objects.prefetch_related("other")),
        )
        # No ORDER BY: the book sorts what it returns, and an ordering would have the planner
        # walk the title index instead of finding the rows by issuer.
        .order_by()
    )
