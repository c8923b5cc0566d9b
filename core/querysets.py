"""The querysets the API and the pages share, with what their views read already joined."""

from collections import defaultdict
from itertools import islice

from django.db.models import F, Value
from django.db.models.query import ValuesIterable

from . import kept
from .models import Economy, Source


def economies():
    return Economy.objects.prefetch_related("members", "unions")


def sources():
    return Source.objects.all()


def sources_of(model, ids):
    """{id: [Source]} of the `model` records with `ids`, in one query, each list in the
    sources' own order (as a prefetch of `sources` gives it)."""
    return sources_of_many({model: ids})[model]


def sources_of_many(wanted):
    """{model: {id: [Source]}} of the records of several models, `wanted` being {model: ids},
    in one query (a union over the models' citations), each list in the sources' own order."""
    models = list(wanted)
    found = {model: defaultdict(list) for model in models}
    parts = [
        Source.objects.filter(**{f"{cited_by}__pk__any": wanted[model]})
        .annotate(cited_by=F(cited_by), citing=Value(index))
        .order_by()
        for index, model in enumerate(models)
        for cited_by in [model._meta.get_field("sources").related_query_name()]
    ]
    if not parts:
        return found
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    for source in union.order_by(*Source._meta.ordering, "pk"):
        found[models[source.citing]][source.cited_by].append(source)
    return found


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
