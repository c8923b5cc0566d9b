"""The rules every CSV file of the site follows.

- A text cell that a spreadsheet would read as a formula (it starts with `=`, `+`, `-`, `@`,
  a tab or a carriage return) is written with a single quote before it, as OWASP advises
  against CSV injection; numbers, and text that is a plain number such as `-12.5`, are
  written as they are.
"""

import csv
import re
from numbers import Number

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
