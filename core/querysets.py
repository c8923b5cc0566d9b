"""The querysets the API and the pages share, with what their views read already joined."""

from collections import defaultdict, namedtuple
from functools import cache
from itertools import islice

from django.db.models.query import ValuesIterable
from django.utils.encoding import force_str

from . import kept
from .models import Economy, Source
from .sql import Select, UnionAll, table


def economies():
    return Economy.objects.prefetch_related("members", "unions")


def sources():
    return Source.objects.all()


def sources_of(model, ids):
    """{id: [CitedSource]} of the `model` records with `ids`, in one query, each list in the
    sources' own order (as a prefetch of `sources` gives it)."""
    return sources_of_many({model: ids})[model]


def sources_of_many(wanted):
    """{model: {id: [CitedSource]}} of the records of several models, `wanted` being {model: ids},
    in one query (a union over the models' citations, written once per set of models in SQL:
    through the ORM, building the union cost a page more than reading it), each list in the
    sources' own order (`Source.Meta.ordering`, as the database sorts it)."""
    models = list(wanted)
    found = {model: defaultdict(list) for model in models}
    asked = tuple(model for model in models if wanted[model])
    if not asked:
        return found
    for index, cited_by, *values in _citations_of(asked).rows(*(list(wanted[m]) for m in asked)):
        found[asked[int(index)]][cited_by].append(CitedSource._make(values))
    return found


def choice_labels(model, name):
    """{value: label} of the choices of `model`'s field `name`, as `get_FOO_display` gives
    them: for rows that answer for records."""
    return {value: force_str(label) for value, label in model._meta.get_field(name).flatchoices}


SOURCE_FIELDS = [field.attname for field in Source._meta.concrete_fields]
SOURCE_KINDS = choice_labels(Source, "kind")


class CitedSource(namedtuple("CitedSource", SOURCE_FIELDS)):
    """A source as the lists of a record's sources show it, read as a row: a page lists a
    hundred, and a model instance costs more to make than to show. It answers what those
    lists read of a `Source` (its fields, `pk`, its kind's label, its text and address) with
    the model's own methods."""

    __slots__ = ()
    __str__ = Source.__str__
    get_absolute_url = Source.get_absolute_url

    @property
    def pk(self):
        return self.id

    def get_kind_display(self):
        return SOURCE_KINDS.get(self.kind, self.kind)


def citations(model, index):
    """A Select of (`index`, the citing record's id, the source's fields) of the sources cited
    by the records of `model` whose ids are its one argument."""
    field = model._meta.get_field("sources")
    through = field.remote_field.through
    return Select(
        [("t", through, field.m2m_field_name()), *(("s", Source, name) for name in SOURCE_FIELDS)],
        f'{table(through, "t")} JOIN {table(Source, "s")} ON s.id = t."{field.m2m_reverse_name()}"',
        f't."{field.m2m_column_name()}" IN ({{}})',
        literals=[str(index)],
    )


@cache
def _citations_of(models):
    """The citations of `models` (a tuple), each numbered by its place, in the sources' own
    order then by key: one statement per set of models, written once."""
    selects = [citations(model, index) for index, model in enumerate(models)]
    union = UnionAll(*selects) if len(selects) > 1 else selects[0]
    order = ", ".join(
        f'"{Source._meta.get_field(name.lstrip("-")).column}"'
        + (" DESC" if name.startswith("-") else "")
        for name in [*Source._meta.ordering, "id"]
    )
    # Sorted outside the union, by the names of its columns.
    union.template = f"SELECT * FROM ({union.template}) cited ORDER BY {order}"
    return union


def row_columns(keys, codes):
    """The `values()` columns that give rows the keys `keys`: the id first, and each related
    code of `codes` ({key: (id column, model, field)}) as its id column, which `add_codes`
    turns into the code. Joined into the rows' query instead, the code's table would be
    joined into the list's count and into every row a page's offset passes over."""
    return dict.fromkeys(("id", *(codes[key][0] if key in codes else key for key in keys)))


def add_codes(rows, codes):
    """Each row's related codes (`codes` as for `row_columns`) for the ids it holds, one query
    per model and field, for the codes whose id column the rows have."""
    wanted = {}
    for column, model, field in codes.values():
        if rows and column in rows[0]:
            wanted.setdefault((model, field), set()).update(row[column] for row in rows)
    found = {
        (model, field): codes_by_id(model, field, ids) for (model, field), ids in wanted.items()
    }
    for key, (column, model, field) in codes.items():
        if (model, field) in found:
            code_of = found[model, field]
            for row in rows:
                row[key] = code_of[row[column]]


def coded_rows(queryset, keys, codes):
    """`queryset` as `values()` rows of the columns `keys`, each related code of `codes` (as
    for `row_columns`) read by id after the rows, one query per kind of record for all of
    them (for each chunk of `iterator()`). Filters and ordering apply as to `queryset`."""
    rows = queryset.values(*row_columns(keys, codes))
    rows._iterable_class = _coded_rows(tuple(codes.items()))
    return rows


@cache
def _coded_rows(codes):
    """The CompletedRows that add `codes` (a tuple of `codes.items()`) to each batch."""
    codes = dict(codes)
    return type(
        "CodedRows",
        (CompletedRows,),
        {"complete": staticmethod(lambda rows: add_codes(rows, codes))},
    )


def codes_by_id(model, field, ids):
    """{id: field} of the `model` rows with `ids`: for the economies, from those the process
    keeps for the data's version (`core.kept`), without a query."""
    if model is Economy:
        by_pk = kept.economies().having(ids).by_pk
        return {pk: getattr(by_pk[pk], field) for pk in ids}
    return dict(model.objects.filter(pk__in=ids).order_by().values_list("pk", field))


class CompletedRows(ValuesIterable):
    """`values()` rows handed a batch at a time (each chunk of `iterator()`, or all of them)
    to the subclass's `complete(rows)` before they are yielded: what a list shows beside its
    columns, read in one query per batch, as `prefetch_related` reads it for instances. A
    queryset yields them when its `_iterable_class` is the subclass."""

    complete = None

    def __iter__(self):
        rows = super().__iter__()
        size = self.chunk_size if self.chunked_fetch else None
        while batch := list(islice(rows, size)):
            self.complete(batch)
            yield from batch
