"""Fixed statements prepared once per PostgreSQL connection and run by name.

PostgreSQL parses, analyses and plans every statement it is sent as text. For the fixed reads
the site makes on every page (`core.sql.Compiled`: the same SQL each time, only the keys
differ), that work was as long as the reads themselves: on a negotiation page, 3.0 ms of
planning beside 3.8 ms of execution (docs/benchmarks.md, "eighth pass"). A statement run here
is prepared (`PREPARE`) the first time a connection runs it, in the same round trip as its
first `EXECUTE`, and run by name after that: the server keeps its parse tree and, once it finds
a generic plan as good as the ones made for each set of values, the plan.

The statement's name says the table it reads (`negotiations_concession_4`), so that query logs
and tests still tell the reads apart. The parameters' types are declared from the values of the
first run, as psycopg2 would have written them as literals (`int` as bigint, a list of `int` as
bigint[]), and are part of what identifies the statement.

`settings.SQL_PREPARED_STATEMENTS` (`SQL_PREPARED_STATEMENTS=false` in the environment) turns it
off, for a connection pooler that hands a client's statements to other server sessions
(PgBouncer in transaction mode).
"""

import datetime as dt
import itertools
import re
from decimal import Decimal

from django.conf import settings

# How psycopg2 types each kind of value it writes as a literal.
TYPES = {
    bool: "boolean",
    int: "bigint",
    float: "double precision",
    Decimal: "numeric",
    str: "text",
    dt.date: "date",
    dt.datetime: "timestamp with time zone",
}
PLACEHOLDER = re.compile(r"%[%s]")
_numbers = itertools.count(1)


def type_of(value):
    """The SQL type a parameter is declared as, or None when it has none of its own (None, a
    list of mixed or unknown values)."""
    if isinstance(value, list | tuple):
        kinds = set(map(type, value))
        if not kinds:
            return "bigint[]"  # no keys
        inner = TYPES.get(kinds.pop()) if len(kinds) == 1 else None
        return inner and f"{inner}[]"
    return TYPES.get(type(value))


def execute(cursor, text, params, name):
    """Run `text` (SQL with `%s` placeholders) with `params` on Django's `cursor`: prepared as
    `name` (a table's name, say) and run by name on PostgreSQL, or as text elsewhere, when it is
    turned off, or when a parameter has no type of its own."""
    types = tuple(type_of(param) for param in params)
    if cursor.db.vendor != "postgresql" or None in types or not settings.SQL_PREPARED_STATEMENTS:
        cursor.execute(text, params)
        return
    prepared = _prepared_on(cursor.db)
    key = (text, types)
    known = prepared.get(key)
    run = f"EXECUTE {{}}({', '.join(['%s'] * len(params))})" if params else "EXECUTE {}"
    if known is None:
        known = f"{name[:50]}_{next(_numbers)}"
        cursor.execute(f"{prepare(known, text, types)}; {run.format(known)}", params)
        prepared[key] = known  # only once the server has it
        return
    try:
        cursor.execute(run.format(known), params)
    except Exception:
        # Gone from the server, or made stale by a change of the tables it reads: the next
        # run prepares it anew, under a new name.
        del prepared[key]
        raise


def prepare(name, text, types):
    """The PREPARE statement of `text`, each `%s` numbered (`$1`, `$2`…), a literal `%%` left
    for the cursor to write as `%`."""
    numbers = itertools.count(1)
    body = PLACEHOLDER.sub(lambda m: "%%" if m.group() == "%%" else f"${next(numbers)}", text)
    declared = f" ({', '.join(types)})" if types else ""
    return f"PREPARE {name}{declared} AS {body}"


def _prepared_on(db):
    """{(SQL, parameter types): name} of the statements `db`'s open connection has prepared;
    a new connection (after a close, a reconnect) starts with none."""
    kept = getattr(db, "prepared_statements", None)
    if kept is None or kept[0] is not db.connection:
        kept = db.prepared_statements = (db.connection, {})
    return kept[1]
