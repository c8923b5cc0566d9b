"""The querysets the API and the pages share, with what their views read already joined."""

from functools import cache

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch

from core import kept
from core.models import Economy
from core.paginators import whole_table
from core.querysets import CompletedRows, add_codes, row_columns
from core.sql import Records, Select, table

from .engine.rows import history_rows, read_histories
from .models import Measure, MeasureChange, MeasureRelation, ScopeLine


def measures():
    return Measure.objects.select_related("issuer").prefetch_related(
        "targets__members",
        "sources",
        "scope_lines__commodity",
        "partner_exceptions__economy",
        Prefetch("changes", MeasureChange.objects.prefetch_related("sources")),
        Prefetch(
            "relations", MeasureRelation.objects.select_related("other").prefetch_related("sources")
        ),
        Prefetch("related_from", MeasureRelation.objects.select_related("measure")),
    )


def measure_changes():
    """A measure's dated changes, as its detail reads them."""
    return MeasureChange.objects.prefetch_related("sources")


def scope_lines():
    """A measure's scope lines, as its detail reads them."""
    return ScopeLine.objects.select_related("commodity")


def measure_summaries():
    """What a list shows of each measure: issuer, targets and the history its state comes from."""
    return Measure.objects.select_related("issuer").prefetch_related(
        "targets", Prefetch("changes", to_attr="prefetched_changes")
    )


def measure_table_rows():
    """What the measures page's table reads of each measure with it: nothing; its issuer,
    targets and history are given by `read_lists` once the page of rows is cut."""
    return Measure.objects.all()


def measure_page(measures, start, stop):
    """The measures [start:stop] of the filtered, ordered queryset `measures`, as the measures
    page's table reads them (`measure_table_rows`, `read_lists`): the page's ids are found
    first (on the ordering's index where there is one), then only those rows are read. Cut
    straight away, the page's query sorts every measure's whole row, and its issuer's, to keep
    fifty. Rows equal in the ordering's keys go by id, so that the ids and the rows agree.

    The whole list (nothing narrows it) in an order of its own columns is read by the same
    query written once in SQL (`whole_list_page`): through the ORM, building and compiling it
    cost the page more than reading it."""
    if stop <= start:
        return []
    order = (*measures.query.order_by, "pk") if measures.query.order_by else ()
    if order and measures.model is Measure and whole_table(measures):
        select = whole_list_page(order)
        if select is not None:
            return read_lists(select.records(stop - start, start))
    if order:
        measures = measures.order_by(*order)
    page = measure_table_rows().filter(pk__in=measures.values("pk")[start:stop])
    return read_lists(page.order_by(*order) if order else page)


@cache
def whole_list_page(order):
    """A Records of the measures [offset:offset + limit] (its two arguments: limit, offset) of
    every measure in `order` (names of the queryset's `order_by`, "-" for descending), as
    `measure_page` reads them through the ORM; None when `order` names a column of another
    table (the issuer's code). Not prepared: a generic plan, blind to the offset, reads every
    measure to join fifty (5.8 ms against 2.9 at the last page of 10,000)."""
    terms = []
    for name in order:
        field_name = name.removeprefix("-")
        field_name = "id" if field_name == "pk" else field_name
        try:
            field = Measure._meta.get_field(field_name)
        except FieldDoesNotExist:
            return None
        if field.is_relation:
            return None
        terms.append(f'{{}}."{field.column}" {"DESC" if name.startswith("-") else "ASC"}')
    sort = ", ".join(terms)
    return Records(
        Measure,
        "m",
        f"m.id IN (SELECT s.id FROM {table(Measure, 's')} ORDER BY {sort.format(*'s' * len(terms))}"
        f" LIMIT {{}} OFFSET {{}}) ORDER BY {sort.format(*'m' * len(terms))}",
        prepared=False,
    )


def read_lists(measures):
    """Give each of `measures` its history as plain rows (`prefetched_changes`, which
    `Measure.state_on` folds) and the ISO codes of its targets (`target_codes_read`), in two
    queries however many, and its issuer from the economies kept for the data's version: the
    ORM's instances, related managers and prefetch set-up cost a list page more than reading
    the rows."""
    measures = read_histories(list(measures))
    by_id = {measure.pk: measure for measure in measures}
    codes = target_codes(list(by_id)) if by_id else {}
    issuer = Measure.issuer.field
    economies = kept.economies().having(m.issuer_id for m in measures) if measures else None
    for measure in by_id.values():
        measure.target_codes_read = codes.get(measure.pk, [])
        if not issuer.is_cached(measure):
            # The kept economy, shared: the lists read its code and name, and change nothing.
            issuer.set_cached_value(measure, economies.by_pk[measure.issuer_id])
    return measures


def target_codes(measure_ids):
    """{measure id: the ISO codes of its targets}, in one query of the links alone, in the
    economies' own order (as `measure.targets.all()` lists them): the codes and the order
    from the economies the process keeps for the data's version (`core.kept`)."""
    links = _target_links().rows(measure_ids)
    economies = kept.economies().having(economy_id for _, economy_id in links)
    ranked = {}
    for measure_id, economy_id in links:
        ranked.setdefault(measure_id, []).append(economies.rank[economy_id])
    by_name = economies.by_name
    return {
        measure_id: [by_name[r].iso3 for r in sorted(ranks)] for measure_id, ranks in ranked.items()
    }


@cache
def _target_links():
    """The links of measures to their targets, written once in SQL (`core.sql`): every list
    of measures reads them."""
    through = Measure.targets.through
    return Select(
        [("t", through, "measure"), ("t", through, "economy")],
        table(through, "t"),
        "t.measure_id IN ({})",
    )


# The issuer's code, read by id after the rows (`core.querysets.row_columns`).
ROW_CODES = {"issuer__iso3": ("issuer_id", Economy, "iso3")}


def measure_summary_rows(*keys):
    """`measure_summaries` as plain rows: the columns `keys` of `values()`, each row with its
    targets' ISO codes under `targets` and its history under `changes` (rows of the fields the
    state fold reads), both read in one query each for all the rows, as `prefetch_related`
    reads them for instances (for each chunk of `iterator()`); `issuer__iso3` is read so too.
    Filters and ordering apply as to the model's queryset."""
    queryset = Measure.objects.values(*row_columns(keys, ROW_CODES))
    queryset._iterable_class = MeasureSummaryRows
    return queryset


def add_related(rows):
    """Each row's targets, history and (if it has its issuer's id) issuer's code."""
    ids = [row["id"] for row in rows]
    targets, changes = target_codes(ids), history_rows(ids)
    for row in rows:
        row["targets"], row["changes"] = targets.get(row["id"], []), changes[row["id"]]
    add_codes(rows, ROW_CODES)


class MeasureSummaryRows(CompletedRows):
    """`values()` rows with their targets, history and issuer's code (see
    `measure_summary_rows`)."""

    complete = staticmethod(add_related)


def measures_for_coverage():
    """What coverage reads of each measure: targets, scope, history, exceptions, relations."""
    return Measure.objects.select_related("issuer").prefetch_related(
        "targets", "scope_lines", "changes", "partner_exceptions", "relations"
    )
