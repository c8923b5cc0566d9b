"""The rules every CSV file of the site follows.

- A text cell that a spreadsheet would read as a formula (it starts with `=`, `+`, `-`, `@`,
  a tab or a carriage return) is written with a single quote before it, as OWASP advises
  against CSV injection; numbers, and text that is a plain number such as `-12.5`, are
  written as they are.
- A CSV answered at once holds at most `CSV_MAX_ROWS` rows; a longer list is refused before
  any row is written, and exported in the background instead (`Export`, `core.tasks`).
"""

import csv
import re
from numbers import Number

from django.conf import settings

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value):
    """The value as a CSV cell that no spreadsheet runs as a formula."""
    if value is None or isinstance(value, Number):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def neutralised(row):
    return [neutralise(value) for value in row]


class SafeWriter:
    """`csv.writer` whose every cell is neutralised first."""

    def __init__(self, file, **options):
        self.writer = csv.writer(file, **options)

    def writerow(self, row):
        return self.writer.writerow(neutralised(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(file, **options):
    """The CSV writer for every file the site writes by hand (the API's renderer neutralises
    its cells with the same `neutralise`)."""
    return SafeWriter(file, **options)


def row_limit():
    return settings.CSV_MAX_ROWS


def over_row_limit(rows):
    """Whether a list of `rows` rows is too long for a CSV answered at once."""
    return rows > row_limit()


def rows_over_limit(queryset):
    """The number of rows of a list too long for a CSV answered at once, or None when it fits.

    A list that fits costs a count bounded by the limit; only a longer one is counted whole."""
    limit = row_limit()
    if queryset[: limit + 1].count() <= limit:
        return None
    return queryset.count()


def row_limit_message(rows):
    """Why a list of `rows` rows is not answered as a CSV at once, and what to do instead."""
    return (
        f"This list has {rows:,} rows, more than the {row_limit():,} a CSV file answered at "
        "once may hold. Narrow the filters, or ask for a background export of the whole list."
    )
