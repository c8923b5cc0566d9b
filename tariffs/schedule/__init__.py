"""Import a national tariff schedule (the USITC HTS export JSON) into the schedule models.

- `source`: read a path or an http(s) URL, gzip or plain JSON;
- `read`: check every row and turn it into plain records (no database);
- `write`: the diff against the stored revision, written in one transaction;
- `extract`: a small export holding chosen subheadings and chapter 99 headings.
"""

from .errors import ScheduleImportError
from .read import Heading, Line, Schedule, parse_schedule
from .write import Counts, ImportResult, import_schedule

__all__ = [
    "Counts",
    "Heading",
    "ImportResult",
    "Line",
    "Schedule",
    "ScheduleImportError",
    "import_schedule",
    "parse_schedule",
]
