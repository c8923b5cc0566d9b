"""The one error a schedule import raises, with the row it names."""


class ScheduleImportError(Exception):
    """The source cannot be read, or holds a row that would corrupt the schedule."""


def row_error(number: int, htsno, field: str, reason: str) -> ScheduleImportError:
    """`row 1,234 (htsno "8703.2x.01"): htsno: not an HTS number`; `number` counts from 1."""
    shown = f'"{htsno}"' if isinstance(htsno, str) else repr(htsno)
    return ScheduleImportError(f"row {number:,} (htsno {shown}): {field}: {reason}")
