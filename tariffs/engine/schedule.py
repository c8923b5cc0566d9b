"""The national lines of a code in the schedule revision in effect on a date."""

from dataclasses import dataclass, field

from django.db import connection

from commodities import hs
from core.sql import Fragment, Select, table

from ..models import NationalLine, ScheduleRevision

LINE_FIELDS = [field.attname for field in NationalLine._meta.concrete_fields]
REVISION_FIELDS = [field.attname for field in ScheduleRevision._meta.concrete_fields]
LINES = Select(
    [
        *(("line", NationalLine, name) for name in LINE_FIELDS),
        *(("revision", ScheduleRevision, name) for name in REVISION_FIELDS),
    ],
    f"{table(NationalLine, 'line')} JOIN {table(ScheduleRevision, 'revision')}"
    ' ON revision.id = line."revision_id"',
    'line."revision_id" = ({}) AND line.code >= {} AND line.code < {} ORDER BY line.code',
)
# ScheduleRevision.objects.newest_first(importer, on).values("pk")[:1], written out
# (tests/engine/test_sql.py holds the two to the same revision).
NEWEST = (
    f'SELECT r.id FROM {table(ScheduleRevision, "r")} WHERE r."importer_id" = %s'
    " AND r.effective_from <= %s ORDER BY r.effective_from DESC, r.id DESC LIMIT 1"
)


def revision_in_effect(importer_id, on):
    """A Fragment: the id of the importer's schedule revision in effect on `on`."""
    return Fragment(NEWEST, [importer_id, on])


@dataclass
class RateLine:
    """A line that sets a rate, with the statistical lines that take it."""

    line: NationalLine
    statistical: list[str] = field(default_factory=list)


def lines_in(importer, on, code):
    """(revision, its lines at or under `code`, or the line above a 10-digit code the
    revision does not list) for the importer's revision in effect on `on`; one query when
    the code has lines."""
    rows = LINES.rows(revision_in_effect(importer.pk, on), code, hs.range_end(code))
    if rows:
        size = len(LINE_FIELDS)
        revision = ScheduleRevision.from_db(connection.alias, REVISION_FIELDS, rows[0][size:])
        lines = [NationalLine.from_db(connection.alias, LINE_FIELDS, row[:size]) for row in rows]
        for line in lines:
            line.revision = revision
        return revision, lines
    revision, lines = ScheduleRevision.objects.newest_first(importer, on).first(), []
    if revision is not None and len(code) == 10:
        lines = list(NationalLine.objects.filter(revision=revision, code=code[:8]))
    return revision, lines


def rate_lines(lines, asked):
    """Group `lines` by the line whose rate they take; a 10-digit question answers for its
    own line only."""
    if len(asked) == 10:
        exact = [line for line in lines if line.code == asked]
        if exact:
            return [RateLine(exact[0])]
    groups = {}
    for line in lines:
        if line.sets_rate:
            groups.setdefault(line.code, RateLine(line))
    for line in lines:
        if not line.sets_rate:
            group = groups.get(line.rate_line)
            if group is None:
                # Its rate line lies above the code asked: answer for it on its own.
                groups[line.code] = RateLine(line)
            else:
                group.statistical.append(line.code)
    return list(groups.values())


def schedule_lines(importer, code, on):
    """(revision, [RateLine]) for `code` on `on`; revision None when there is none."""
    revision, lines = lines_in(importer, on, code)
    return revision, rate_lines(lines, code)
