"""Fixed statements prepared once per PostgreSQL connection (core.prepared): the same rows as
the statement run as text, prepared again on a new connection or when the server lost it, and
run as text when turned off."""

import datetime as dt

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test.utils import CaptureQueriesContext

from core import prepared
from core.querysets import citations
from negotiations.models import Concession

from .factories import ConcessionFactory, NegotiationFactory, SourceFactory

# The sources of concessions, by the concessions' keys: a Select with a list.
CITED = citations(Concession, 0)


def cited(keys):
    return sorted((row[1], row[2]) for row in CITED.rows(keys))


def expected(concessions):
    return sorted(
        (concession.pk, source.pk)
        for concession in concessions
        for source in concession.sources.all()
    )


@pytest.fixture
def sourced(db):
    negotiation = NegotiationFactory()
    made = [ConcessionFactory(negotiation=negotiation) for _ in range(3)]
    for number, concession in enumerate(made):
        concession.sources.set(SourceFactory.create_batch(number + 1))
    return made


def statements(action):
    with CaptureQueriesContext(connection) as queries:
        action()
    return [query["sql"] for query in queries]


def test_every_number_of_keys_runs_one_prepared_statement(postgres, sourced, settings):
    settings.SQL_PREPARED_STATEMENTS = True
    asked = [[sourced[0].pk], [c.pk for c in sourced], [], [sourced[2].pk, sourced[1].pk]]
    sent = []
    for keys in asked:
        sent += statements(lambda keys=keys: cited(keys))
        assert cited(keys) == expected(Concession.objects.filter(pk__in=keys))
    # One statement whatever the number of keys: prepared at most once (an earlier test on
    # this connection may have prepared it), run by its name, which says the table it reads.
    assert sum(sql.startswith("PREPARE ") for sql in sent) <= 1
    names = {sql.split("EXECUTE ")[1].split("(")[0] for sql in sent}
    assert len(names) == 1 and names.pop().startswith("negotiations_concession_sources_")


def test_turned_off_it_is_sent_as_text(postgres, sourced, settings):
    settings.SQL_PREPARED_STATEMENTS = False
    keys = [concession.pk for concession in sourced]
    [sql] = statements(lambda: cited(keys))
    assert sql.startswith("SELECT ") and "EXECUTE" not in sql
    assert cited(keys) == expected(sourced)


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_it_again(postgres, sourced, settings):
    settings.SQL_PREPARED_STATEMENTS = True
    keys = [concession.pk for concession in sourced]
    cited(keys)
    [again] = statements(lambda: cited(keys))
    assert again.startswith("EXECUTE ")
    connection.close()
    [first] = statements(lambda: cited(keys))
    assert first.startswith("PREPARE ")
    assert cited(keys) == expected(sourced)


@pytest.mark.django_db(transaction=True)
def test_a_statement_the_server_lost_fails_once_then_is_prepared_anew(postgres, sourced, settings):
    settings.SQL_PREPARED_STATEMENTS = True
    keys = [concession.pk for concession in sourced]
    cited(keys)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # as a pooler handing the session to another would
    with pytest.raises(OperationalError, match="does not exist"):
        cited(keys)
    [sql] = statements(lambda: cited(keys))
    assert sql.startswith("PREPARE ")
    assert cited(keys) == expected(sourced)


def test_parameters_keep_their_types_and_literal_percent_signs_stay(postgres, settings):
    settings.SQL_PREPARED_STATEMENTS = True
    text = "SELECT %s AS rank, %s::date + 1, '100%%', %s = ANY(%s), length(%s)"
    params = [3, dt.date(2025, 7, 22), 7, [1, 7], "tariff"]
    for _ in range(2):
        with connection.cursor() as cursor:
            prepared.execute(cursor, text, params, "test_types")
            assert cursor.fetchall() == [(3, dt.date(2025, 7, 23), "100%", True, 6)]


def test_a_parameter_without_a_type_of_its_own_is_sent_as_text(postgres, settings):
    settings.SQL_PREPARED_STATEMENTS = True
    assert prepared.type_of(None) is None and prepared.type_of([1, "a"]) is None
    assert prepared.type_of([]) == "bigint[]" and prepared.type_of(True) == "boolean"
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        prepared.execute(cursor, "SELECT %s IS NULL", [None], "test_untyped")
        assert cursor.fetchall() == [(True,)]
    assert queries[0]["sql"] == "SELECT NULL IS NULL"


def test_a_read_whose_plan_needs_its_values_is_sent_as_text(postgres, sourced, settings):
    """The newest trade year of some reporters: a generic plan, blind to which, walked the
    years' index through every flow; it is sent as text, planned for its values each time."""
    from negotiations.page import TRADE_YEAR

    settings.SQL_PREPARED_STATEMENTS = True
    for _ in range(2):
        [sql] = statements(lambda: TRADE_YEAR.rows([sourced[0].giver_id]))
        assert sql.startswith("SELECT ") and "EXECUTE" not in sql
