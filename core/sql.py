"""Fixed reads, written once in SQL: the duty engine's, and those every request makes.

Through the ORM, building and compiling a statement costs more Python time than the database
takes to answer it: at volume, a measure's scope lines take 0.6 ms through `values_list`
and 0.2 ms as the same SQL (docs/benchmarks.md, "Duty engine in SQL"). A lookup runs nine
such reads, and every list and page a few, so they are written here, once, from the models'
own table and column names (a renamed field fails at import, not at a request), and run
through Django's cursor (so they are counted and logged like any query) with the converters
the ORM would apply to those columns: none on PostgreSQL; dates, decimals and booleans on
SQLite. Rows come back as `values_list` would give them.

On PostgreSQL, a Select's list of keys is one array parameter (`= ANY(%s)`, which is how
PostgreSQL itself reads `IN (1, 2, 3)`), so that its SQL is the same whatever the number of
keys, and its statement and a Compiled one are prepared once per connection (`core.prepared`).
"""

from django.db import connection

from core import prepared

# A list's place in a Select's `where`: `IN ({})`.
IN_LIST = "IN ({})"


def _in_list(values, params):
    """The SQL matching a list of `values` where `IN ({})` stood, its parameters added."""
    if connection.vendor == "postgresql":
        params.append(list(values))
        return "= ANY(%s)"
    params.extend(values)
    # An empty list matches nothing: IN (NULL) is false for every row.
    return f"IN ({', '.join(['%s'] * len(values)) if values else 'NULL'})"


class Fragment:
    """SQL with its parameters, placed as it is where a `{}` of a Select stands."""

    def __init__(self, sql, params=()):
        self.sql, self.params = sql, list(params)


class Select:
    """SELECT the `literals` (SQL text) then the `columns` FROM `tables` WHERE `where`.

    A column is (alias, model, field name), or (alias, model, field name, wrapper) where the
    wrapper is SQL around the column written `{column}` (an aggregate of it), and converts
    like the field. In the wrappers and in `where`, each `{}` (`{{}}` in a wrapper) stands for
    one argument of `rows`, in order: a scalar becomes one placeholder, a Fragment its SQL; a
    list, tuple or set stands only where `where` writes `IN ({})`, and matches its values.

    `prepared=False` for a statement whose plan depends on its arguments' values beyond what a
    generic plan knows (an OFFSET): it is then sent as text each time."""

    def __init__(self, columns, tables, where, literals=(), prepared=True):
        self.offset, self.prepared = len(literals), prepared
        self.fields = [column[1]._meta.get_field(column[2]) for column in columns]
        selected = [*literals]
        for column, field in zip(columns, self.fields, strict=True):
            text = f'{column[0]}."{field.column}"'
            selected.append(column[3].format(column=text) if len(column) > 3 else text)
        self.template = f"SELECT {', '.join(selected)} FROM {tables} WHERE {where}".replace(
            IN_LIST, "{}"
        )
        self.name = self.fields[0].model._meta.db_table  # of its prepared statement
        self._converters = {}

    def converters(self):
        """[(column index, its expression, converter functions)] for this connection."""
        vendor = connection.vendor
        if vendor not in self._converters:
            found = []
            for index, field in enumerate(self.fields):
                column = field.get_col(field.model._meta.db_table)
                functions = [
                    *connection.ops.get_db_converters(column),
                    *field.get_db_converters(connection),
                ]
                if functions:
                    found.append((self.offset + index, column, functions))
            self._converters[vendor] = found
        return self._converters[vendor]

    def statement(self, args):
        counts, params = [], []
        for arg in args:
            if isinstance(arg, Fragment):
                counts.append(arg.sql)
                params.extend(arg.params)
            elif isinstance(arg, list | tuple | set | frozenset):
                counts.append(_in_list(list(arg), params))
            else:
                counts.append("%s")
                params.append(arg)
        return self.template.format(*counts), params

    def rows(self, *args):
        """The rows as lists of Python values."""
        text, params = self.statement(args)
        return fetch(text, params, self.converters(), prepared_as=self.prepared and self.name)


class Records(Select):
    """A Select of every column of `model` (aliased `alias` in `where`), read as the model's
    instances, as the ORM makes them (`Model.from_db`)."""

    def __init__(self, model, alias, where, prepared=True):
        self.model = model
        self.names = [field.attname for field in model._meta.concrete_fields]
        columns = [(alias, model, name) for name in self.names]
        super().__init__(columns, table(model, alias), where, prepared=prepared)

    def records(self, *args):
        db = self.model.objects.db
        return [self.model.from_db(db, self.names, row) for row in self.rows(*args)]


def fetch(text, params, converters=(), width=None, prepared_as=None):
    """The rows of the statement `text`, each cut to its first `width` columns (all with
    None) and passed through `converters`, [(column's index, its expression, converter
    functions)], as the ORM passes a column's values. With `prepared_as` (a name), the
    statement is prepared once per connection (`core.prepared`)."""
    with connection.cursor() as cursor:
        if prepared_as:
            prepared.execute(cursor, text, params, prepared_as)
        else:
            cursor.execute(text, params)
        rows = cursor.fetchall()
    if not converters and width is None:
        return rows
    converted = []
    for row in rows:
        row = list(row[:width])
        for index, expression, functions in converters:
            value = row[index]
            for function in functions:
                value = function(value, expression, connection)
            row[index] = value
        converted.append(row)
    return converted


class Values(Select):
    """`queryset.values_list(*names)` of a `model` queryset: compiled by the ORM (where the
    rule choosing its rows lives), run like a Select, without the ORM's row iteration."""

    def __init__(self, model, names):
        self.names, self.offset, self._converters = names, 0, {}
        self.fields = [model._meta.get_field("id" if name == "pk" else name) for name in names]

    def rows(self, queryset):
        # The ORM's SQL differs with the queryset: run as text, never prepared.
        text, params = queryset.order_by().values_list(*self.names).query.sql_with_params()
        return fetch(text, params, self.converters())


def table(model, alias):
    return f'"{model._meta.db_table}" {alias}'


class UnionAll(Select):
    """Selects of the same columns as one statement, run like one Select; the arguments of
    each follow those of the one before."""

    def __init__(self, *selects):
        self.offset, self.fields = selects[0].offset, selects[0].fields
        self.template = " UNION ALL ".join(select.template for select in selects)
        self.name, self.prepared = selects[0].name, all(select.prepared for select in selects)
        self._converters = {}


# Stand-ins for the arguments of a Compiled query, far from any key the site writes.
MARK = -(2**62)


class Compiled:
    """The rows (as `values_list` gives them) of the queryset `build(*args)`, compiled by the
    ORM once per process for stand-in arguments and run again with the arguments asked in
    their places: the rule choosing the rows stays in the queryset, and a request pays the
    database, not the compiler (building and compiling a query costs more than a small one
    takes to run).

    For queries whose SQL does not depend on their arguments' values: each argument is a key
    (an int), matched with `=`, or a list of keys, matched with `__any`, which PostgreSQL
    takes as one parameter. Elsewhere (where `__any` writes one placeholder a value), and for
    a build whose SQL leaves an argument out, the queryset is built and run each time.

    Run prepared (`core.prepared`) unless `prepared=False`: for a query whose best plan
    depends on its arguments' values, which a generic plan does not see."""

    def __init__(self, build, prepared=True):
        self.build, self.prepared = build, prepared
        self._compiled = {}  # by (database vendor, which arguments are lists)

    def rows(self, *args):
        compiled = self._compiled_for(args)
        if compiled is False:
            return list(self.build(*args))
        sql, _, _, converters, width, table = compiled
        params = self._params(compiled, args)
        return fetch(sql, params, converters, width, prepared_as=self.prepared and table)

    def statement(self, *args):
        """(SQL, parameters) of the query for `args`, or None when it is built each time (the
        caller then compiles `build(*args)`). Run as text: `rows` prepares it."""
        compiled = self._compiled_for(args)
        return None if compiled is False else (compiled[0], self._params(compiled, args))

    @staticmethod
    def _params(compiled, args):
        """The compiled parameters with each stand-in replaced by its argument (a list where
        the stand-in is one)."""
        _, params, places, _, _, _ = compiled
        params = list(params)
        for index, argument in places:
            listed = isinstance(params[index], list)
            params[index] = list(args[argument]) if listed else args[argument]
        return params

    def _compiled_for(self, args):
        shape = tuple(isinstance(arg, list | tuple | set | frozenset) for arg in args)
        key = (connection.vendor, shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self.compile(shape)
        return compiled

    def compile(self, shape):
        """(SQL, parameters, [(parameter's place, argument's place)], converters, the width
        of a row, the table read), or False when the query is to be built each time."""
        if connection.vendor != "postgresql":
            return False
        marks = [[MARK - place] if listed else MARK - place for place, listed in enumerate(shape)]
        queryset = self.build(*marks)
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        places = [
            (index, marks.index(param)) for index, param in enumerate(params) if param in marks
        ]
        if {argument for _, argument in places} != set(range(len(shape))):
            return False  # an argument shaped the SQL instead of filling a parameter
        columns = [column for column, _, _ in compiler.select[: compiler.col_count]]
        converters = [
            (index, expression, functions)
            for index, (functions, expression) in compiler.get_converters(columns).items()
        ]
        # Columns the ordering alone needs come after the values' (as the ORM cuts them).
        width = compiler.col_count if compiler.has_extra_select else None
        return sql, list(params), places, converters, width, queryset.model._meta.db_table
