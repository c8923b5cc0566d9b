"""The schedule extracts shipped with the app (tariffs/data/hts), so that the demo and the
tests need no file from outside the project. See tariffs/data/hts/README.md."""

import datetime as dt
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "hts"

# (file name, importer ISO3, revision name, in effect from), oldest first.
SHIPPED_REVISIONS = [
    ("usa-2025-basic.json.gz", "USA", "2025 Basic Edition", dt.date(2025, 1, 1)),
    ("usa-2025-rev-23.json.gz", "USA", "2025 Revision 23", dt.date(2025, 9, 12)),
    ("usa-2026-rev-10.json.gz", "USA", "2026 Revision 10", dt.date(2026, 6, 8)),
]


def shipped_path(name: str) -> Path:
    """The path of a shipped extract, by file name."""
    if name not in {file_name for file_name, *_ in SHIPPED_REVISIONS}:
        raise ValueError(f"no shipped schedule extract is named {name!r}")
    return DATA / name
