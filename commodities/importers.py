"""Load the HS nomenclature from a CSV table with columns section,hscode,description,parent,level.

Plain functions, so that the import command, a demo loader or a benchmark can share them:

    with open_source("harmonized-system.csv") as lines:
        result = import_hs_rows(lines)
"""

import csv
import io
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction

from . import hs
from .models import Commodity

REQUIRED_COLUMNS = ("section", "hscode", "description", "parent", "level")

# The table's grand-total row has this code, chapters name it as their parent, and the
# "commodities not specified" chapter 99 has it as its section. It is not an HS code.
TOTAL = "TOTAL"

URL_TIMEOUT_SECONDS = 30
BATCH_SIZE = 1000
SECTION_MAX_LENGTH = Commodity._meta.get_field("section").max_length


class HSImportError(Exception):
    """The source cannot be read, or holds a row that would corrupt the nomenclature."""


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class HSRow:
    """A validated row of the table, as it is to be stored."""

    line: int
    code: str
    description: str
    parent_code: str | None
    section: str

    @property
    def level(self) -> int:
        return len(self.code)

    @property
    def stored_values(self) -> tuple[str, str | None, str]:
        return (self.description, self.parent_code, self.section)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def open_source(path_or_url: str, timeout: float = URL_TIMEOUT_SECONDS) -> io.TextIOBase:
    """Open a file path or an http(s) URL as text lines; use it in a `with` block.

    A URL is read as it streams, not downloaded into memory first. A leading UTF-8
    byte-order mark, which spreadsheet exports add, is dropped so the header stays readable.
    """
    if is_url(path_or_url):
        return _open_url(path_or_url, timeout)
    try:
        return open(path_or_url, encoding="utf-8-sig", newline="")
    except OSError as error:
        raise HSImportError(f"cannot open the file: {error.strerror or error}") from error


def _open_url(url: str, timeout: float) -> io.TextIOBase:
    try:
        response = urllib.request.urlopen(url, timeout=timeout)
    except urllib.error.HTTPError as error:
        error.close()
        raise HSImportError(f"cannot fetch the URL: HTTP {error.code} {error.reason}") from error
    except urllib.error.URLError as error:
        raise HSImportError(f"cannot fetch the URL: {error.reason}") from error
    except (OSError, ValueError) as error:  # timeouts, resets, malformed URLs
        raise HSImportError(f"cannot fetch the URL: {error}") from error
    return io.TextIOWrapper(response, encoding="utf-8-sig", newline="")


def import_hs_rows(lines: Iterable[str]) -> ImportResult:
    """Create or update the commodities of an HS CSV table: all of them, or none on any bad row.

    Every row is checked before anything is written. Rows already stored with the same
    description, parent and section are not written again, so re-running a table is a no-op.
    """
    rows = parse_rows(lines)
    with transaction.atomic():
        stored = stored_commodities()
        check_parents_exist(rows, stored)
        new = [row for row in rows if row.code not in stored]
        changed = [
            row for row in rows if row.code in stored and row.stored_values != stored[row.code]
        ]
        write_commodities(new + changed)
    return ImportResult(
        created=len(new), updated=len(changed), unchanged=len(rows) - len(new) - len(changed)
    )


def parse_rows(lines: Iterable[str]) -> list[HSRow]:
    """Every HS code row of the table, validated; raises HSImportError on the first bad one."""
    reader = csv.DictReader(lines)
    rows = []
    line_of_code = {}
    for record in _records(reader):
        row = parse_row(record, reader.line_num)
        if row is None:
            continue
        if row.code in line_of_code:
            raise _row_error(
                row.line, f"code {row.code} already appears on line {line_of_code[row.code]}"
            )
        line_of_code[row.code] = row.line
        rows.append(row)
    return rows


def _records(reader: csv.DictReader) -> Iterator[dict]:
    """The reader's records, with reading and decoding failures reported as HSImportError."""
    try:
        # Strip the names so that a header written as "section, hscode, ..." still matches.
        reader.fieldnames = checked_header(reader.fieldnames)
        yield from reader
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise HSImportError(f"cannot read line {reader.line_num + 1}: {error}") from error


def checked_header(fieldnames: list[str] | None) -> list[str]:
    if not fieldnames:
        raise HSImportError(
            "the source is empty; expected a CSV header " + ",".join(REQUIRED_COLUMNS)
        )
    names = [name.strip() for name in fieldnames]
    missing = [column for column in REQUIRED_COLUMNS if column not in names]
    if missing:
        raise HSImportError(
            f"the CSV header lacks column(s) {', '.join(missing)}; "
            f"expected {','.join(REQUIRED_COLUMNS)}"
        )
    return names


def parse_row(record: dict, line: int) -> HSRow | None:
    """One CSV record as an HSRow; None for the grand-total row, which is not a commodity."""
    code = _field(record, "hscode")
    if code == TOTAL:
        return None
    if not hs.is_hs_code(code):
        raise _row_error(line, f"{code!r} is not an HS code (2, 4, 6, 8 or 10 digits)")
    check_level(code, _field(record, "level"), line)
    return HSRow(
        line=line,
        code=code,
        description=parse_description(_field(record, "description"), line),
        parent_code=parse_parent(code, _field(record, "parent"), line),
        section=parse_section(_field(record, "section"), line),
    )


def check_level(code: str, level: str, line: int) -> None:
    if not level.isdigit() or int(level) != len(code):
        raise _row_error(
            line, f"level {level!r} does not match code {code}, which has {len(code)} digits"
        )


def parse_description(description: str, line: int) -> str:
    if not description:
        raise _row_error(line, "the description is empty")
    return description


def parse_parent(code: str, parent: str, line: int) -> str | None:
    """The parent's code, or None for a chapter, which the table hangs under TOTAL.

    The parent must be the code minus its last two digits: the rest of the project finds
    ancestors by code prefix (hs.prefixes), so a tree that disagrees would mislead it.
    """
    expected = hs.parent_code(code)
    if expected is None:
        if parent not in (TOTAL, ""):
            raise _row_error(
                line, f"chapter {code} has parent {parent!r}; a chapter's parent is {TOTAL}"
            )
        return None
    if parent != expected:
        raise _row_error(line, f"parent {parent!r} of {code} should be {expected}")
    return parent


def parse_section(section: str, line: int) -> str:
    if section == TOTAL:
        return ""
    if len(section) > SECTION_MAX_LENGTH:
        raise _row_error(
            line, f"section {section!r} is longer than {SECTION_MAX_LENGTH} characters"
        )
    return section


def stored_commodities() -> dict[str, tuple[str, str | None, str]]:
    """code -> (description, parent code, section) of every stored commodity, in one query."""
    values = Commodity.objects.order_by().values_list("code", "description", "parent_id", "section")
    return {code: (description, parent, section) for code, description, parent, section in values}


def check_parents_exist(rows: list[HSRow], stored: dict) -> None:
    codes_in_file = {row.code for row in rows}
    for row in rows:
        parent = row.parent_code
        if parent is not None and parent not in codes_in_file and parent not in stored:
            raise _row_error(
                row.line,
                f"parent {parent} of {row.code} is neither in the file nor in the database",
            )


def write_commodities(rows: list[HSRow]) -> None:
    """Insert or update the rows, parents before children, in batches.

    bulk_create skips Commodity.save(), so the level is set here.
    """
    commodities = [
        Commodity(
            code=row.code,
            description=row.description,
            parent_id=row.parent_code,
            section=row.section,
            level=row.level,
        )
        for row in sorted(rows, key=lambda row: (row.level, row.code))
    ]
    Commodity.objects.bulk_create(
        commodities,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["description", "parent", "section", "level"],
    )


def _field(record: dict, column: str) -> str:
    # A short row leaves its missing columns as None.
    return (record.get(column) or "").strip()


def _row_error(line: int, reason: str) -> HSImportError:
    return HSImportError(f"line {line}: {reason}")
