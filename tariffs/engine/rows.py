"""The measures as the engine reads them: plain rows, in a fixed number of queries.

Model instances with prefetched relations point at each other (a change's cached measure,
the measure's prefetch cache holding the change), so every lookup would leave a thousand
objects in reference cycles for the cyclic collector to find, and pay Django's per-instance
set-up for rows it only reads. The engine reads the columns it needs into slotted objects
that point only downwards. The rules stay where they live: a row's state is
`state_from_changes`, its dates are `Span.in_effect`.
"""

from datetime import date as Date

from django.db.models import IntegerField, Value
from django.urls import reverse

from core.models import Source

from ..models import Measure, MeasureChange, MeasureRelation, PartnerException, ScopeLine
from ..models.dated import Span
from ..models.measures import LegalBasis
from ..state import CARRIED_FIELDS, state_from_changes

EARLIEST = Date.min


def _fill(row, names, values):
    for name, value in zip(names, values, strict=True):
        setattr(row, name, value)
    return row


class ScopeLineRow(Span):
    NAMES = COLUMNS = ("commodity_id", "excluded", "annex", "effective_from", "effective_to")
    __slots__ = NAMES

    def order(self):  # ScopeLine.Meta.ordering
        return (self.excluded, self.commodity_id, self.effective_from or EARLIEST)


class RelationRow(Span):
    NAMES = COLUMNS = ("kind", "other_id", "effective_from", "effective_to")
    __slots__ = NAMES

    def order(self):  # MeasureRelation.Meta.ordering
        return (self.kind, self.other_id, self.effective_from or EARLIEST)


class ExceptionRow(Span):
    NAMES = ("economy_id", "iso3", "effective_from", "effective_to")
    COLUMNS = ("economy_id", "economy__iso3", "effective_from", "effective_to")
    __slots__ = NAMES

    def order(self):  # PartnerException.Meta.ordering
        return (self.economy_id, self.effective_from or EARLIEST)


class ChangeRow:
    NAMES = COLUMNS = ("pk", "effective_on", "published_on", "status", *CARRIED_FIELDS)
    __slots__ = (*NAMES, "sources")

    def order(self):  # MeasureChange.Meta.ordering
        return (self.effective_on, self.pk)


class MeasureRow:
    """What the engine needs of a measure, with its dated lines, steps, relations, partner
    exceptions as lists, and the ids of its targets (None when loaded for one partner that
    every one of them reaches)."""

    COLUMNS = (
        "pk",
        "title",
        "issuer_id",
        "legal_basis",
        "legal_citation",
        "precedence",
        "covers_all_products",
        "applies_to_all_economies",
    )
    __slots__ = (
        *COLUMNS,
        "changes",
        "scope_lines",
        "relations",
        "partner_exceptions",
        "target_ids",
        "sources",
        "_states",
    )

    def __init__(self, values):
        _fill(self, self.COLUMNS, values)
        self.changes, self.scope_lines, self.relations, self.partner_exceptions = [], [], [], []
        self.target_ids, self.sources, self._states = set(), [], {}

    def __str__(self):
        return self.title

    def __eq__(self, other):
        """The same measure as another row of it or as its model instance."""
        if isinstance(other, MeasureRow | Measure):
            return self.pk == other.pk
        return NotImplemented

    def __hash__(self):
        return hash(self.pk)

    def state_on(self, date, known_on=None):
        """The measure's state on `date` as the law read on `known_on` (see Measure.state_on)."""
        key = (date, known_on)
        if key not in self._states:
            self._states[key] = state_from_changes(self.changes, date, known_on)
        return self._states[key]

    def get_legal_basis_display(self):
        return LegalBasis(self.legal_basis).label

    def get_absolute_url(self):
        return reverse("tariffs:measure", args=[self.pk])


def _children(model, cls, ids, by_id, attribute):
    # No ORDER BY (sorting by the model's ordering costs the query more than sorting here).
    rows = model.objects.filter(measure_id__in=ids).values_list("measure_id", *cls.COLUMNS)
    for measure_id, *values in rows.order_by():
        row = cls.__new__(cls)
        getattr(by_id[measure_id], attribute).append(_fill(row, cls.NAMES, values))
    for measure in by_id.values():
        getattr(measure, attribute).sort(key=cls.order)


def load_rows(measures, targets=True):
    """MeasureRows of the queryset `measures`, in six queries whatever their number (five
    without `targets`, for measures already known to reach the one partner asked about)."""
    by_id = {
        values[0]: MeasureRow(values)
        for values in measures.order_by().values_list(*MeasureRow.COLUMNS)
    }
    if not by_id:
        return []
    ids = list(by_id)
    if not targets:
        for measure in by_id.values():
            measure.target_ids = None
    else:
        links = Measure.targets.through.objects.filter(measure_id__in=ids)
        for measure_id, economy_id in links.values_list("measure_id", "economy_id"):
            by_id[measure_id].target_ids.add(economy_id)
    _children(ScopeLine, ScopeLineRow, ids, by_id, "scope_lines")
    _children(MeasureRelation, RelationRow, ids, by_id, "relations")
    _children(PartnerException, ExceptionRow, ids, by_id, "partner_exceptions")
    _children(MeasureChange, ChangeRow, ids, by_id, "changes")
    for measure in by_id.values():
        for change in measure.changes:
            change.sources = []
    return list(by_id.values())


SOURCE_FIELDS = [field.attname for field in Source._meta.concrete_fields]


def _links(model, owner, ids, kind):
    through = model.sources.through.objects.filter(**{f"{owner}__in": ids})
    fields = [f"source__{name}" for name in SOURCE_FIELDS]
    return through.values_list(Value(kind, output_field=IntegerField()), owner, *fields)


def cite(measures):
    """Attach the sources of `measures` and of their steps, in one query however many."""
    owners = [{measure.pk: measure for measure in measures}]
    owners.append({change.pk: change for m in owners[0].values() for change in m.changes})
    for group in owners:
        for owner in group.values():
            owner.sources = []
    if not owners[0]:
        return
    links = _links(Measure, "measure_id", list(owners[0]), 0)
    if owners[1]:
        links = links.union(_links(MeasureChange, "measurechange_id", list(owners[1]), 1), all=True)
    sources = {}
    for kind, owner_id, *values in links.order_by():
        if values[0] not in sources:
            sources[values[0]] = Source.from_db(links.db, SOURCE_FIELDS, values)
        owners[kind][owner_id].sources.append(sources[values[0]])
    for group in owners:
        for owner in group.values():
            owner.sources.sort(key=source_order)


def source_order(source):
    """Source.Meta.ordering: newest first, then publisher and title."""
    day = source.published_on
    return (day is None, -(day.toordinal()) if day else 0, source.publisher, source.title)
