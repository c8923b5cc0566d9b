"""The three schedule revisions kept with the shared data, read for the expression tests."""

import gzip
import json
from collections import namedtuple
from decimal import Decimal
from functools import cache
from pathlib import Path

from tariffs.expressions import NotComputable

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "hts-us"
FILES = ("hts_2025_basic.json.gz", "hts_2025_rev_23.json.gz", "hts_2026_rev_10.json.gz")
D = Decimal


@cache
def rows(name):
    with gzip.open(DATA / name, "rt", encoding="utf-8") as handle:
        return tuple(json.load(handle))


@cache
def column_texts(column):
    return frozenset(row[column] for name in FILES for row in rows(name) if row[column])


def general_values(name):
    """The non-blank `general` values of a file (some rows hold only a space or newline)."""
    return [row["general"] for row in rows(name) if row["general"] and row["general"].strip()]


OTHER_LINE, COMPONENT = NotComputable.OTHER_LINE, NotComputable.COMPONENT_VALUE
OTHER_BASIS, SEE_NOTE = NotComputable.OTHER_BASIS, NotComputable.SEE_NOTE
NO_CHANGE = NotComputable.NO_CHANGE
SUGAR_96 = (
    "3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a "
    "degree in proportion) but not less than 3.143854¢/kg"
)
# The table: real texts from the files, their structure and one evaluation each.
Row = namedtuple(
    "Row", "text kind ad_valorem specific value quantities duty column degrees parts reason"
)
