"""A query compiled once for stand-in arguments (core.sql.Compiled) gives, for any
arguments, the rows its queryset gives; one it cannot compile so is built each time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.sql import Compiled
from negotiations.models import Concession

from .factories import ConcessionFactory, NegotiationFactory

pytestmark = pytest.mark.django_db


def by_negotiation(negotiation_id):
    return (
        Concession.objects.filter(negotiation=negotiation_id)
        .order_by("title", "pk")
        .values_list("pk", "title", "giver__iso3")
    )


def by_keys(ids):
    return Concession.objects.filter(pk__any=ids).order_by("-pk").values_list("pk", "negotiation")


def listed(queryset):
    return [tuple(row) for row in queryset]


def rows(compiled, *args):
    return listed(compiled.rows(*args))


@pytest.fixture
def concessions():
    first, second = NegotiationFactory(), NegotiationFactory()
    made = [ConcessionFactory(negotiation=first, title=f"First {n}") for n in range(3)]
    made += [ConcessionFactory(negotiation=second, title=f"Second {n}") for n in range(2)]
    return first, second, made


def test_each_negotiation_gets_its_own_rows(concessions):
    first, second, _ = concessions
    compiled = Compiled(by_negotiation)
    for negotiation, prefix in ((first, "First"), (second, "Second"), (first, "First")):
        found = rows(compiled, negotiation.pk)
        assert found == listed(by_negotiation(negotiation.pk))
        assert {title.split()[0] for _, title, _ in found} == {prefix}
    assert compiled.rows(-1) == []


def test_a_list_of_keys_of_any_length_gets_those_rows(concessions):
    _, _, made = concessions
    compiled = Compiled(by_keys)
    for ids in ([made[0].pk], [m.pk for m in made], [made[1].pk, made[4].pk], []):
        assert rows(compiled, ids) == listed(by_keys(ids))
    assert [pk for pk, _ in compiled.rows([made[1].pk, made[4].pk])] == [made[4].pk, made[1].pk]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_on_postgresql_it_is_compiled_once_and_run_as_compiled(concessions):
    """Compiled once; prepared by the connection with its first run, run by name after."""
    first, second, _ = concessions
    # Columns no other test reads: a statement of its own, not yet prepared by the connection.
    compiled = Compiled(lambda pk: by_negotiation(pk).values_list("pk", "kind", "giver_id"))
    with CaptureQueriesContext(connection) as queries:
        compiled.rows(first.pk)
        compiled.rows(second.pk)
    [sql] = [sql for sql, *_ in compiled._compiled.values()]
    assert len(compiled._compiled) == 1
    prepared, executed = (query["sql"] for query in queries)
    name = prepared.removeprefix("PREPARE ").split()[0]
    assert name.startswith("negotiations_concession_")
    assert prepared.endswith(f"AS {sql.replace('%s', '$1')}; EXECUTE {name}({first.pk})")
    assert executed == f"EXECUTE {name}({second.pk})"


def test_an_argument_that_shapes_the_sql_is_built_each_time(concessions):
    """`pk__in` writes one placeholder a value: the stand-in cannot be found among the
    parameters, so the query is not kept compiled, and every length still gets its rows."""
    _, _, made = concessions

    def by_in(ids):
        return Concession.objects.filter(pk__in=ids).order_by("pk").values_list("pk")

    compiled = Compiled(by_in)
    for ids in ([made[0].pk], [m.pk for m in made]):
        assert rows(compiled, ids) == listed(by_in(ids))
    assert list(compiled._compiled.values()) == [False]
