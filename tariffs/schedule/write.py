"""Bring a stored schedule revision to what an export holds: a diff, written in one transaction.

    result = import_schedule("hts_2025_rev_23.json.gz", "USA", "2025 Revision 23",
                             date(2025, 9, 12))

The whole file is read and checked first; then, in one transaction, the lines and chapter 99
headings of that revision are compared with the stored ones: new ones are created, changed
ones updated in place (their ids stay), missing ones deleted. A file whose checksum and
effective date match the stored revision's is not compared at all.
"""

import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction
from tqdm import tqdm

from commodities.models import Commodity
from core.models import Economy

from ..models import Chapter99Heading, NationalLine, ScheduleRevision
from ..models.schedule import dotted
from .errors import ScheduleImportError
from .read import HEADING_FIELDS, LINE_FIELDS, Heading, Line, Schedule, parse_schedule
from .source import load_rows, source_label

BATCH_SIZE = 1000
REPORTED_CODES = 10
NAME_MAX_LENGTH = ScheduleRevision._meta.get_field("name").max_length
# Chapter 98 holds US special classification provisions, which the HS has no subheading for.
NATIONAL_CHAPTER = "98"


@dataclass(frozen=True)
class Counts:
    created: int = 0
    changed: int = 0
    removed: int = 0

    @property
    def any(self) -> bool:
        return bool(self.created or self.changed or self.removed)


@dataclass(frozen=True)
class ImportResult:
    revision: ScheduleRevision
    status: str  # "imported" (a new revision), "updated" or "unchanged"
    lines: Counts
    headings: Counts
    line_count: int
    heading_count: int
    checksum: str
    source: str
    missing_hs6_count: int  # lines stored without an HS6 link
    missing_hs6_codes: list[str] = field(default_factory=list)  # the first few, dotted
    missing_in_chapter_98: int = 0
    previous_effective: dt.date | None = None  # set when the effective date moved

    @property
    def unchanged(self) -> bool:
        return self.status == "unchanged"


def import_schedule(
    source: str,
    importer: Economy | str,
    revision: str,
    effective: dt.date | str,
    progress: bool = False,
) -> ImportResult:
    """Load an HTS export (path or URL, gzip or plain JSON) as `revision` of `importer`'s
    schedule, in effect from `effective` (a date or YYYY-MM-DD). All or nothing: raises
    ScheduleImportError before writing anything when the source or any row is bad."""
    importer = find_importer(importer)
    name = check_name(revision)
    effective = check_date(effective)
    label = source_label(source)
    schedule = parse_schedule(load_rows(source), progress=progress)
    with transaction.atomic():
        known = set(Commodity.objects.filter(level=6).values_list("code", flat=True))
        missing = [line.code for line in schedule.lines if line.code[:6] not in known]
        stored = (
            ScheduleRevision.objects.select_for_update()
            .filter(importer=importer, name=name)
            .first()
        )
        previous_effective = stored.effective_from if stored else None
        record = stored or ScheduleRevision.objects.create(
            importer=importer, name=name, effective_from=effective, source=label
        )
        if stored is not None and is_current(stored, schedule, len(missing)):
            lines = headings = Counts()
        else:
            line_plan = plan_lines(record, schedule.lines, known)
            heading_plan = plan_headings(record, schedule.headings)
            show = progress and sys.stderr.isatty()
            total = line_plan.size + heading_plan.size
            with tqdm(total=total, desc="write", unit="row", disable=not show) as bar:
                write_lines(record, line_plan, bar)
                write_headings(record, heading_plan, bar)
            lines, headings = line_plan.counts, heading_plan.counts
            del line_plan, heading_plan
        revision_changed = update_revision(record, schedule, effective, label, lines, headings)
    if stored is None:
        status = "imported"
    elif lines.any or headings.any or revision_changed:
        status = "updated"
    else:
        status = "unchanged"
    return ImportResult(
        revision=record,
        status=status,
        lines=lines,
        headings=headings,
        line_count=len(schedule.lines),
        heading_count=len(schedule.headings),
        checksum=schedule.checksum,
        source=label,
        missing_hs6_count=len(missing),
        missing_hs6_codes=[dotted(code) for code in missing[:REPORTED_CODES]],
        missing_in_chapter_98=sum(code.startswith(NATIONAL_CHAPTER) for code in missing),
        previous_effective=(
            previous_effective if previous_effective not in (None, effective) else None
        ),
    )


def find_importer(importer: Economy | str) -> Economy:
    if isinstance(importer, Economy):
        return importer
    code = (importer or "").strip().upper()
    economy = Economy.objects.filter(iso3=code).first()
    if economy is None:
        raise ScheduleImportError(f"unknown importer {importer!r}: no economy has that ISO3 code")
    return economy


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ScheduleImportError("the revision needs a name, e.g. '2025 Revision 23'")
    if len(name) > NAME_MAX_LENGTH:
        raise ScheduleImportError(f"the revision name is longer than {NAME_MAX_LENGTH} characters")
    return name


def check_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise ScheduleImportError(f"the effective date {value!r} is not YYYY-MM-DD") from error


def is_current(revision: ScheduleRevision, schedule: Schedule, missing: int) -> bool:
    """Whether the stored lines are already what the file gives: same checksum, same counts,
    and no line left without an HS6 link that the nomenclature now has."""
    if revision.checksum != schedule.checksum:
        return False
    lines = NationalLine.objects.filter(revision=revision)
    return (
        lines.count() == len(schedule.lines)
        and lines.filter(hs6__isnull=True).count() == missing
        and Chapter99Heading.objects.filter(revision=revision).count() == len(schedule.headings)
    )


def update_revision(revision, schedule, effective, label, lines, headings) -> bool:
    """Bring the revision's own fields up to date; whether any of them changed."""
    wanted = {
        "effective_from": effective,
        "source": label,
        "checksum": schedule.checksum,
        "line_count": len(schedule.lines),
        "heading_count": len(schedule.headings),
    }
    changed = [name for name, value in wanted.items() if getattr(revision, name) != value]
    for name in changed:
        setattr(revision, name, wanted[name])
    if changed or lines.any or headings.any:
        # One save, so one post_save: the data version moves once for the whole import.
        revision.save(update_fields=[*changed, "imported_at"])
    return bool(changed)


@dataclass
class Plan:
    """What a write must do: rows to create, (id, row) pairs to update, ids to delete."""

    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    removed: list[int] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.new) + len(self.changed) + len(self.removed)

    @property
    def counts(self) -> Counts:
        return Counts(len(self.new), len(self.changed), len(self.removed))


def plan_lines(revision, lines: list[Line], known: set[str]) -> Plan:
    """Compare the file's lines with the stored ones, by code; a line's HS6 link counts."""
    stored = {
        code: (pk, rest)
        for code, pk, *rest in NationalLine.objects.filter(revision=revision)
        .order_by()
        .values_list("code", "pk", "hs6_id", *LINE_FIELDS)
        .iterator(chunk_size=5000)
    }
    plan = Plan()
    for line in lines:
        hs6 = line.code[:6] if line.code[:6] in known else None
        current = stored.pop(line.code, None)
        if current is None:
            plan.new.append((line, hs6))
        elif current[1] != [hs6, *line.values()]:
            plan.changed.append((current[0], (line, hs6)))
    plan.removed = [pk for pk, _ in stored.values()]
    return plan


def plan_headings(revision, headings: list[Heading]) -> Plan:
    stored = {
        number: (pk, tuple(rest))
        for number, pk, *rest in Chapter99Heading.objects.filter(revision=revision)
        .order_by()
        .values_list("number", "pk", *HEADING_FIELDS)
    }
    plan = Plan()
    for heading in headings:
        current = stored.pop(heading.number, None)
        if current is None:
            plan.new.append(heading)
        elif current[1] != heading.values():
            plan.changed.append((current[0], heading))
    plan.removed = [pk for pk, _ in stored.values()]
    return plan


def write_lines(revision, plan: Plan, bar) -> None:
    for batch in batches(plan.new):
        NationalLine.objects.bulk_create(
            [national_line(line, hs6, revision=revision) for line, hs6 in batch]
        )
        bar.update(len(batch))
    for batch in batches(plan.changed):
        NationalLine.objects.bulk_update(
            [national_line(line, hs6, pk=pk) for pk, (line, hs6) in batch],
            ["hs6", *LINE_FIELDS],
        )
        bar.update(len(batch))
    delete_rows(NationalLine, plan.removed, bar)


def write_headings(revision, plan: Plan, bar) -> None:
    for batch in batches(plan.new):
        Chapter99Heading.objects.bulk_create(
            [chapter99_heading(heading, revision=revision) for heading in batch]
        )
        bar.update(len(batch))
    for batch in batches(plan.changed):
        Chapter99Heading.objects.bulk_update(
            [chapter99_heading(heading, pk=pk) for pk, heading in batch], list(HEADING_FIELDS)
        )
        bar.update(len(batch))
    delete_rows(Chapter99Heading, plan.removed, bar)


def national_line(line: Line, hs6: str | None, **ids) -> NationalLine:
    return NationalLine(
        code=line.code, hs6_id=hs6, **dict(zip(LINE_FIELDS, line.values(), strict=True)), **ids
    )


def chapter99_heading(heading: Heading, **ids) -> Chapter99Heading:
    return Chapter99Heading(
        number=heading.number, description=heading.description, general=heading.general, **ids
    )


def delete_rows(model, pks: list[int], bar) -> None:
    """Delete rows by id in batches, with one DELETE each.

    Nothing references lines or headings, so no cascade is due; a plain delete() would load
    every row to send its post_delete signal, and the data version would move once per row
    instead of once with the revision's save.
    """
    for batch in batches(pks):
        model.objects.filter(pk__in=batch)._raw_delete(model.objects.db)
        bar.update(len(batch))


def batches(items: Iterable, size: int = BATCH_SIZE) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
