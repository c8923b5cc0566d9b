"""The national lines of a code in the schedule revision in effect on a date."""

from dataclasses import dataclass, field

from django.db.models import Subquery

from ..models import NationalLine, ScheduleRevision


@dataclass
class RateLine:
    """A line that sets a rate, with the statistical lines that take it."""

    line: NationalLine
    statistical: list[str] = field(default_factory=list)


def _upper(code):
    """The first code after every code starting with `code`: "870323" -> "870324"."""
    return str(int(code) + 1).zfill(len(code))


def lines_in(revisions, code):
    """(revision, its lines at or under `code`, or the line above a 10-digit code the
    revision does not list) for the first of the `revisions` (a queryset); one query when
    the code has lines."""
    lines = list(
        NationalLine.objects.filter(
            revision=Subquery(revisions.values("pk")[:1]), code__gte=code, code__lt=_upper(code)
        )
        .select_related("revision")
        .order_by("code")
    )
    if lines:
        return lines[0].revision, lines
    revision = revisions.first()
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
    revision, lines = lines_in(ScheduleRevision.objects.newest_first(importer, on), code)
    return revision, rate_lines(lines, code)
