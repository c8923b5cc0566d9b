"""The demo data set for tests, loaded once per session and copied in for each test after.

`load_demo()` builds the Japan–US story through the models (about 4 s, most of it the HS table
and the schedule). Hundreds of tests start from it, so on PostgreSQL the first load in a session
is read back table by table (`COPY ... TO`) and each later test gets the same rows with `COPY
... FROM`, inside its own transaction, in a fraction of the time. The rows are identical, ids
included (counted from 1, whatever earlier tests wrote); sequences are moved past them, and the
data version is bumped as a load bumps it.
A database not in the state the copy was taken from (a test that wrote rows first) gets the
real `load_demo()`, as does SQLite.

`tests/test_demo.py` tests `load_demo()` itself and does not use this.
"""

import io

from django.db import connection, transaction

from core.models import DataVersion
from negotiations.demo import load_demo
from negotiations.models import Negotiation

SLUG = "japan-united-states-2025"

# table -> (columns, rows as COPY text); filled by the session's first load.
_copy = {}
# table -> its state before that load (row count and checksum), which a later test must match.
_before = {}


def tables(cursor):
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [name for (name,) in cursor.fetchall()]


def state(cursor, table):
    cursor.execute(
        "SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) "
        f'FROM "{table}" t'
    )
    return cursor.fetchone()


def stored_columns(cursor, table):
    """The columns a COPY may write: not generated ones."""
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = %s AND is_generated = 'NEVER' ORDER BY "
        "ordinal_position",
        [table],
    )
    return ", ".join(f'"{name}"' for (name,) in cursor.fetchall())


def take_copy(cursor, before):
    for table in tables(cursor):
        if state(cursor, table) == before.get(table):
            continue
        columns = stored_columns(cursor, table)
        rows = io.StringIO()
        cursor.copy_expert(f'COPY "{table}" ({columns}) TO STDOUT', rows)
        _copy[table] = (columns, rows.getvalue())
        _before[table] = before.get(table)


def as_before(cursor):
    return all(state(cursor, table) == _before[table] for table in _copy)


def primary_key_sequences(cursor, table):
    cursor.execute(
        "SELECT a.attname, pg_get_serial_sequence(%s, a.attname) FROM pg_attribute a "
        "JOIN pg_index i ON i.indrelid = a.attrelid AND a.attnum = ANY(i.indkey) "
        "WHERE i.indisprimary AND a.attrelid = %s::regclass",
        [f'"{table}"', f'"{table}"'],
    )
    return [(column, sequence) for column, sequence in cursor.fetchall() if sequence]


def restart_sequences(cursor, before):
    """Sequences of empty tables start at 1 again, so the demo's ids do not depend on the rows
    earlier tests wrote and rolled back (a sequence does not roll back)."""
    for table, (count, _checksum) in before.items():
        if count == 0:
            for _column, sequence in primary_key_sequences(cursor, table):
                cursor.execute("SELECT setval(%s, 1, false)", [sequence])


def move_sequences(cursor):
    for table in _copy:
        for column, sequence in primary_key_sequences(cursor, table):
            cursor.execute(
                f'SELECT setval(%s, GREATEST((SELECT max("{column}") FROM "{table}"), '
                "(SELECT last_value FROM " + sequence + ")))",
                [sequence],
            )


def put_copy(cursor):
    for table, (columns, rows) in _copy.items():
        if _before[table] is not None and _before[table][0]:
            cursor.execute(f'DELETE FROM "{table}"')
        cursor.copy_expert(f'COPY "{table}" ({columns}) FROM STDIN', io.StringIO(rows))
    move_sequences(cursor)


@transaction.atomic
def copy_demo():
    """The demo loaded, as `load_demo()` leaves it; its negotiation."""
    if connection.vendor != "postgresql":
        return load_demo()
    with connection.cursor() as cursor:
        if _copy and as_before(cursor):
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            put_copy(cursor)
            # As the load's last write does: the data changed, a rate refresh is queued.
            DataVersion.bump()
            return Negotiation.objects.get(slug=SLUG)
        if _copy:
            return load_demo()
        before = {table: state(cursor, table) for table in tables(cursor)}
        restart_sequences(cursor, before)
        negotiation = load_demo()
        take_copy(cursor, before)
    return negotiation
