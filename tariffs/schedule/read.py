"""Check the rows of a USITC HTS export and turn them into plain records, before any write.

The export is one JSON array of row objects in schedule order (see `parse_schedule`). A row
is one of:

- a text row (empty `htsno`), e.g. "Horses:", which groups the rows below it;
- a heading (4 digits) or subheading (6 digits) row, which only groups too;
- an 8-digit line, where the rates are set; chapter 98 (special classification provisions,
  national codes the HS does not have) is kept like any other chapter;
- a 10-digit statistical line, which takes the rates of the 8-digit line above it, unless it
  sets a column 1 General rate itself; one with no 8-digit line above it must carry a rate;
- a chapter 99 row (`99..`), which becomes a `Heading`, not a line.

A row's description path is the descriptions of the rows above it with a smaller indent,
outermost first: the heading, the subheading, the text rows and (for a 10-digit line) its
8-digit line.
"""

import hashlib
import json
import re
import sys
from dataclasses import dataclass

from tqdm import tqdm

from ..models.schedule import dotted
from .errors import ScheduleImportError, row_error

HTSNO = re.compile(r"[0-9]{4}(?:\.[0-9]{2}){0,3}")
PROGRAM_CODE = re.compile(r"[A-Z]{1,2}[+*]?")
PARENTHESISED = re.compile(r"\(([^()]*)\)")
CHAPTER_99 = "99"
RATE_MAX_LENGTH = 500  # NationalLine.general / other, Chapter99Heading.general
NUMBER_MAX_LENGTH = 12  # Chapter99Heading.number
INDENT_MAX = 1000
# Bumped whenever the canonical form below changes, so that an older checksum never matches.
CANONICAL_FORM = b"usitc-hts-json/1\n"

# The stored fields of a line, in the order `Line.values()` gives them.
LINE_FIELDS = (
    "indent",
    "description",
    "description_path",
    "units",
    "general",
    "special",
    "special_programs",
    "other",
    "rate_line",
    "footnotes",
)
HEADING_FIELDS = ("description", "general")


@dataclass(slots=True)
class Line:
    """A national line as it is to be stored (all but its HS6 link, which needs the database)."""

    row: int
    code: str
    indent: int
    description: str
    description_path: list[str]
    units: list[str]
    general: str
    special: str
    special_programs: list[str]
    other: str
    rate_line: str
    footnotes: list

    def values(self) -> tuple:
        return tuple(getattr(self, name) for name in LINE_FIELDS)

    @property
    def sets_rate(self) -> bool:
        return self.rate_line == self.code


@dataclass(slots=True)
class Heading:
    """A chapter 99 row: its dotted number, description and rate text."""

    row: int
    number: str
    description: str
    general: str

    def values(self) -> tuple:
        return (self.description, self.general)


@dataclass
class Schedule:
    lines: list[Line]
    headings: list[Heading]
    checksum: str


@dataclass(slots=True)
class Row:
    """A checked row of the export, before it is sorted into a line, a heading or a group."""

    number: int
    htsno: str
    digits: str
    indent: int
    description: str
    units: list[str]
    general: str
    special: str
    other: str
    footnotes: list

    def has_rate(self) -> bool:
        return bool(self.general or self.special or self.other)


def parse_schedule(rows, progress: bool = False) -> Schedule:
    """The lines and chapter 99 headings of an export's rows, all checked; raises
    ScheduleImportError naming the first bad row (counted from 1), its field and the reason."""
    if not isinstance(rows, list):
        raise ScheduleImportError(f"the file holds {json_kind(rows)}, not an array of rows")
    if not rows:
        raise ScheduleImportError("the array holds no rows")
    lines, headings = [], []
    row_of_code = {}
    rate_lines = {}
    stack = []  # (indent, description) of the rows that group the current one
    digest = hashlib.sha256(CANONICAL_FORM)
    show = progress and sys.stderr.isatty()
    for number, raw in enumerate(tqdm(rows, desc="check", unit="row", disable=not show), 1):
        row = check_row(raw, number)
        while stack and stack[-1][0] >= row.indent:
            stack.pop()
        if row.digits:
            if row.digits in row_of_code:
                raise row_error(
                    number,
                    row.htsno,
                    "htsno",
                    f"{row.htsno} already appears in row {row_of_code[row.digits]:,}",
                )
            row_of_code[row.digits] = number
        if row.digits.startswith(CHAPTER_99):
            heading = Heading(number, dotted(row.digits), row.description, row.general)
            if len(heading.number) > NUMBER_MAX_LENGTH:
                raise row_error(
                    number, row.htsno, "htsno", "a chapter 99 number has at most 8 digits"
                )
            check_rate_length(row, "general", heading.general)
            headings.append(heading)
            digest.update(canonical("heading", heading.number, *heading.values()))
        elif len(row.digits) in (8, 10):
            path = [description for _, description in stack if description]
            line = make_line(row, path, rate_lines)
            if len(line.code) == 8:
                rate_lines[line.code] = line
            lines.append(line)
            digest.update(canonical("line", line.code, *line.values()))
        stack.append((row.indent, row.description))
    return Schedule(lines, headings, digest.hexdigest())


def make_line(row: Row, path: list[str], rate_lines: dict) -> Line:
    """The line of an 8- or 10-digit row, with the rates it sets or takes."""
    source = row
    rate_line = row.digits
    if len(row.digits) == 10 and not row.general:
        parent = rate_lines.get(row.digits[:8])
        if parent is not None:
            # A statistical line: the rates are its 8-digit line's. A stray column text of
            # its own (9006.59.15.20 repeats its line's column 2) does not make it a rate line.
            source, rate_line = parent, parent.code
        elif not row.has_rate():
            raise row_error(
                row.number,
                row.htsno,
                "general",
                f"empty, and no 8-digit line {dotted(row.digits[:8])} above this 10-digit "
                "line gives it a rate",
            )
    for name in ("general", "other"):
        check_rate_length(row, name, getattr(source, name))
    return Line(
        row=row.number,
        code=row.digits,
        indent=row.indent,
        description=row.description,
        description_path=path,
        units=row.units,
        general=source.general,
        special=source.special,
        special_programs=special_programs(source.special),
        other=source.other,
        rate_line=rate_line,
        footnotes=row.footnotes,
    )


def check_row(raw, number: int) -> Row:
    """One array element checked field by field."""
    if not isinstance(raw, dict):
        raise ScheduleImportError(f"row {number:,}: not an object but {json_kind(raw)}")
    htsno = raw.get("htsno")
    if "htsno" not in raw:
        raise row_error(number, htsno, "htsno", "missing")
    if htsno is None:
        htsno = ""
    if not isinstance(htsno, str):
        raise row_error(number, htsno, "htsno", f"not a string but {json_kind(htsno)}")
    htsno = htsno.strip()
    if htsno and not HTSNO.fullmatch(htsno):
        raise row_error(number, htsno, "htsno", "not an HTS number")
    description = text(raw, "description", number, htsno, required=True)
    if htsno and not description:
        raise row_error(number, htsno, "description", "empty")
    return Row(
        number=number,
        htsno=htsno,
        digits=htsno.replace(".", ""),
        indent=indent(raw, number, htsno),
        description=description,
        units=units(raw, number, htsno),
        general=text(raw, "general", number, htsno),
        special=text(raw, "special", number, htsno),
        other=text(raw, "other", number, htsno),
        footnotes=footnotes(raw, number, htsno),
    )


def text(raw: dict, name: str, number: int, htsno: str, required: bool = False) -> str:
    """A text field, stripped; an absent or null optional field is empty."""
    if name not in raw and required:
        raise row_error(number, htsno, name, "missing")
    value = raw.get(name)
    if value is None:
        if required:
            raise row_error(number, htsno, name, "missing (null)")
        return ""
    if not isinstance(value, str):
        raise row_error(number, htsno, name, f"not a string but {json_kind(value)}")
    if "\x00" in value:
        raise row_error(number, htsno, name, "holds a NUL character")
    return value.strip()


def indent(raw: dict, number: int, htsno: str) -> int:
    """The depth: "0", "03" and 3 are all accepted; anything else is not a number."""
    if "indent" not in raw:
        raise row_error(number, htsno, "indent", "missing")
    value = raw["indent"]
    if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        value = int(value)
    elif not isinstance(value, int) or isinstance(value, bool):
        raise row_error(number, htsno, "indent", f"not a number: {json.dumps(value)[:40]}")
    if not 0 <= value <= INDENT_MAX:
        raise row_error(number, htsno, "indent", f"out of range (0 to {INDENT_MAX}): {value}")
    return value


def units(raw: dict, number: int, htsno: str) -> list[str]:
    """The units of quantity, stripped; blank entries (the export has a few "\\n") dropped."""
    value = raw.get("units")
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(unit, str) for unit in value):
        raise row_error(number, htsno, "units", "not a list of strings")
    return [unit.strip() for unit in value if unit.strip()]


def footnotes(raw: dict, number: int, htsno: str) -> list:
    value = raw.get("footnotes")
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(note, dict) for note in value):
        raise row_error(number, htsno, "footnotes", "not a list of objects")
    return value


def check_rate_length(row: Row, name: str, value: str) -> None:
    if len(value) > RATE_MAX_LENGTH:
        raise row_error(row.number, row.htsno, name, f"longer than {RATE_MAX_LENGTH} characters")


def special_programs(special: str) -> list[str]:
    """The program codes in parentheses: "Free (A+,AU,BH) 3% (KR)" -> ["A+", "AU", "BH", "KR"].

    A group that is not all codes ("(See U.S. note 4 of this subchapter)", "note 3(e)") is
    text, not programs. The export's slips "E IL" (no comma) and ".OM" still read as codes.
    """
    programs = []
    for group in PARENTHESISED.findall(special):
        codes = [code.strip(" .") for code in re.split(r"[,\s]+", group)]
        codes = [code for code in codes if code]
        if codes and all(PROGRAM_CODE.fullmatch(code) for code in codes):
            for code in codes:
                if code not in programs:
                    programs.append(code)
    return programs


def canonical(*values) -> bytes:
    """One record of the checksum: the stored values, as compact JSON with sorted keys."""
    return (
        json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    ).encode()


def json_kind(value) -> str:
    """How JSON would name the value's type: "a string", "an object", ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
