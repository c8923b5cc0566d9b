"""A small export cut from a full one: chosen HS6 subheadings and chapter 99 headings.

The rows are kept as published (every key, in schedule order), so that the extract imports
like the full file: each kept line has the rows that give its description path (heading,
subheading, text rows, its 8-digit line) kept with it, and so the same path.
"""

import gzip
import json
import re
from dataclasses import dataclass

from .errors import ScheduleImportError
from .read import parse_schedule

HS6 = re.compile(r"[0-9]{6}")
CHAPTER_99_PREFIX = re.compile(r"99[0-9]{2}(?:\.[0-9]{2}){0,3}")


@dataclass
class Extract:
    rows: list[dict]
    lines: int
    headings: int
    unmatched_hs6: list[str]
    unmatched_prefixes: list[str]


def extract_rows(rows, hs6_codes, chapter99_prefixes=()) -> Extract:
    """The rows of `hs6_codes` with the rows above them that group them, and the chapter 99
    rows whose dotted number starts with one of `chapter99_prefixes`."""
    for code in hs6_codes:
        if not HS6.fullmatch(code):
            raise ScheduleImportError(f"{code!r} is not an HS6 code (6 digits)")
    for prefix in chapter99_prefixes:
        if not CHAPTER_99_PREFIX.fullmatch(prefix):
            raise ScheduleImportError(f"{prefix!r} is not a chapter 99 number, e.g. 9903.01")
    parse_schedule(rows)  # the same checks as an import: a bad file gives no extract
    wanted = set(hs6_codes)
    keep = [False] * len(rows)
    stack = []  # (indent, index) of the rows that group the current one
    matched_hs6, matched_prefixes = set(), set()
    lines = headings = 0
    for index, row in enumerate(rows):
        htsno = (row.get("htsno") or "").strip()
        digits = htsno.replace(".", "")
        depth = int(row["indent"])
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if len(digits) >= 6 and digits[:6] in wanted and not digits.startswith("99"):
            keep[index] = True
            for _, above in stack:
                keep[above] = True
            matched_hs6.add(digits[:6])
            lines += len(digits) in (8, 10)
        elif digits.startswith("99"):
            prefixes = [prefix for prefix in chapter99_prefixes if htsno.startswith(prefix)]
            if prefixes:
                keep[index] = True
                matched_prefixes.update(prefixes)
                headings += 1
        stack.append((depth, index))
    return Extract(
        rows=[row for row, kept in zip(rows, keep, strict=True) if kept],
        lines=lines,
        headings=headings,
        unmatched_hs6=[code for code in hs6_codes if code not in matched_hs6],
        unmatched_prefixes=[p for p in chapter99_prefixes if p not in matched_prefixes],
    )


def write_extract(rows: list[dict], path) -> None:
    """Write the rows as a gzip-compressed JSON array; the same rows give the same bytes."""
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    with open(path, "wb") as file:
        file.write(gzip.compress(text.encode(), compresslevel=9, mtime=0))
