"""The measures as the engine reads them: plain rows, in a fixed number of queries.

Model instances with prefetched relations point at each other (a change's cached measure,
the measure's prefetch cache holding the change), so every lookup would leave a thousand
objects in reference cycles for the cyclic collector to find, and pay Django's per-instance
set-up for rows it only reads. The engine reads the columns it needs into slotted objects
that point only downwards. The rules stay where they live: a row's state is
`state_from_changes`, its dates are `Span.in_effect`.
"""

from collections import namedtuple
from datetime import date as Date

from django.db import connection
from django.db.models import QuerySet

from commodities import hs
from core.models import Economy, Source
from core.paths import detail_path
from core.querysets import SOURCE_FIELDS, citations
from core.sql import Select, UnionAll, Values, table

from ..models import Measure, MeasureChange, MeasureRelation, PartnerException, ScopeLine
from ..models.dated import Span
from ..models.measures import LegalBasis
from ..state import FOLDED_FIELDS, state_from_changes

EARLIEST = Date.min


def _fill(row, names, values):
    for name, value in zip(names, values, strict=True):
        setattr(row, name, value)
    return row


def _row(cls, values):
    """A row of `cls` with `values` (of its NAMES)."""
    if issubclass(cls, tuple):
        if len(values) != len(cls.NAMES):
            raise ValueError(f"{cls.__name__}: {len(values)} values for {len(cls.NAMES)} names")
        return cls.of(values)
    return _fill(cls.__new__(cls), cls.NAMES, values)


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


class ChangeRow(namedtuple("ChangeRow", FOLDED_FIELDS)):
    """What the state fold reads of a change (`FOLDED_FIELDS`), as a named tuple: a page of
    measures reads a couple of hundred, and a tuple is made from a row's values at once where
    a slotted object took an attribute at a time. It is its values (one change: one pk); its
    sources, when the engine cites them, are set as an attribute."""

    NAMES = COLUMNS = FOLDED_FIELDS

    @classmethod
    def of(cls, values):
        return tuple.__new__(cls, values)

    def order(self):  # MeasureChange.Meta.ordering
        return (self.effective_on, self.pk)

    def values(self):
        return tuple(self)


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
        return detail_path("tariffs:measure", self.pk)


def _select(model, cls, *, where="m.measure_id IN ({})", joins=""):
    """The measure id then `cls.COLUMNS` of `model`'s rows (alias m); a column written
    "economy__iso3" reads `iso3` of the row's economy (joined as alias economy)."""
    columns = [("m", model, "measure")]
    for name in cls.COLUMNS:
        if "__" in name:
            relation, name = name.split("__")
            columns.append((relation, model._meta.get_field(relation).related_model, name))
        else:
            columns.append(("m", model, "id" if name == "pk" else name))
    return Select(columns, table(model, "m") + joins, where)


MEASURES = Values(Measure, MeasureRow.COLUMNS)
# A lookup's measures: Measure.objects.filter(issuer=...).reaching_ids(reach).touching(code),
# written out (tests/engine/test_sql.py holds the two to the same rows).
LOOKUP_MEASURES = Select(
    [("m", Measure, "id" if name == "pk" else name) for name in MeasureRow.COLUMNS],
    table(Measure, "m"),
    'm."issuer_id" = {} AND (m.applies_to_all_economies OR m.id IN ('
    f'SELECT t."measure_id" FROM {table(Measure.targets.through, "t")}'
    ' WHERE t."economy_id" IN ({}))) AND (m.covers_all_products OR EXISTS ('
    f"SELECT 1 FROM {table(ScopeLine, 's')}"
    ' WHERE s."measure_id" = m.id AND s."commodity_id" IN ({})))',
)
TARGETS = Select(
    [("t", Measure.targets.through, "measure"), ("t", Measure.targets.through, "economy")],
    table(Measure.targets.through, "t"),
    "t.measure_id IN ({})",
)
CHILDREN = (
    ("scope_lines", ScopeLineRow, _select(ScopeLine, ScopeLineRow)),
    ("relations", RelationRow, _select(MeasureRelation, RelationRow)),
    (
        "partner_exceptions",
        ExceptionRow,
        _select(
            PartnerException,
            ExceptionRow,
            joins=f' JOIN {table(Economy, "economy")} ON economy.id = m."economy_id"',
        ),
    ),
    ("changes", ChangeRow, _select(MeasureChange, ChangeRow)),
)


CHANGES = CHILDREN[-1][2]


def history_rows(measure_ids):
    """{measure id: its changes as ChangeRows}, for every one of `measure_ids`, in one query
    however many: what the state fold reads, without the ORM's instances."""
    history = {measure_id: [] for measure_id in measure_ids}
    if history:
        for measure_id, *values in CHANGES.rows(list(history)):
            history[measure_id].append(ChangeRow.of(values))
    return history


def read_histories(measures):
    """Give each of `measures` (model instances) its history as plain rows, which
    `Measure.state_on` and `next_step` fold (`prefetched_changes`), in one query however
    many: a list page pays the ORM's instance and prefetch set-up for rows it only reads."""
    history = history_rows([measure.pk for measure in measures])
    for measure in measures:
        measure.prefetched_changes = history[measure.pk]
    return measures


def lookup_rows(importer_id, reach, code):
    """MeasureRows of the importer's measures that reach an economy whose reach is `reach`
    and touch `code`: what one lookup reads, in five queries."""
    return load_rows(LOOKUP_MEASURES.rows(importer_id, reach, hs.prefixes(code)), targets=False)


def load_rows(measures, targets=True):
    """MeasureRows of the queryset `measures` (or of rows of MeasureRow.COLUMNS), in six
    queries whatever their number (five without `targets`, for measures already known to
    reach the one partner asked about)."""
    if isinstance(measures, QuerySet):
        measures = MEASURES.rows(measures)
    by_id = {values[0]: MeasureRow(values) for values in measures}
    if not by_id:
        return []
    ids = list(by_id)
    if not targets:
        for measure in by_id.values():
            measure.target_ids = None
    else:
        for measure_id, economy_id in TARGETS.rows(ids):
            by_id[measure_id].target_ids.add(economy_id)
    # No ORDER BY (sorting by the model's ordering costs the query more than sorting here).
    for attribute, cls, select in CHILDREN:
        for measure_id, *values in select.rows(ids):
            getattr(by_id[measure_id], attribute).append(_row(cls, values))
        for measure in by_id.values():
            getattr(measure, attribute).sort(key=cls.order)
    for measure in by_id.values():
        for change in measure.changes:
            change.sources = []
    return list(by_id.values())


LINKS = (
    citations(Measure, 0),
    UnionAll(citations(Measure, 0), citations(MeasureChange, 1)),
)


def cite(measures):
    """Attach the sources of `measures` and of their steps, in one query however many."""
    owners = [{measure.pk: measure for measure in measures}]
    owners.append({change.pk: change for m in owners[0].values() for change in m.changes})
    for group in owners:
        for owner in group.values():
            owner.sources = []
    if not owners[0]:
        return
    if owners[1]:
        links = LINKS[1].rows(list(owners[0]), list(owners[1]))
    else:
        links = LINKS[0].rows(list(owners[0]))
    sources = {}
    for kind, owner_id, *values in links:
        if values[0] not in sources:
            sources[values[0]] = Source.from_db(connection.alias, SOURCE_FIELDS, values)
        owners[kind][owner_id].sources.append(sources[values[0]])
    for group in owners:
        for owner in group.values():
            owner.sources.sort(key=source_order)


def source_order(source):
    """Source.Meta.ordering: newest first, then publisher and title."""
    day = source.published_on
    return (day is None, -(day.toordinal()) if day else 0, source.publisher, source.title)
