"""Django's paginator, counting a whole table with SQL written once.

A list asked without filters counts every row of its table: through the ORM, building and
compiling that COUNT costs the list more than PostgreSQL takes to answer it. A queryset that
narrows, groups, combines, slices or makes rows distinct is counted as Django counts it.
"""

from functools import cached_property

from django.core import paginator
from django.db import connections
from django.db.models import QuerySet


def whole_table(queryset):
    """Whether `queryset` has as many rows as its model's table: nothing narrows, groups,
    combines, slices, annotates or makes distinct its rows."""
    query = queryset.query
    return not (
        query.where
        or query.distinct
        or query.combinator
        or query.is_sliced
        or query.group_by
        or query.annotations
        or query.extra
        or query.extra_tables
    )


def count_of(rows):
    """The number of `rows`: a queryset of a whole table (`whole_table`) counted by
    `SELECT COUNT(*)` of the table, any other as the paginator counts it."""
    if isinstance(rows, QuerySet) and whole_table(rows):
        with connections[rows.db].cursor() as cursor:
            cursor.execute(f'SELECT COUNT(*) FROM "{rows.model._meta.db_table}"')
            return cursor.fetchone()[0]
    return paginator.Paginator(rows, 1).count


class Paginator(paginator.Paginator):
    """Django's paginator, counting as `count_of` counts."""

    @cached_property
    def count(self):
        return count_of(self.object_list)
