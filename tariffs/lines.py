"""What a commodity page shows of each importer's tariff schedule on a date: the national lines
at or under the code in the revision then in effect, and the measures covering the code that
are collected then.

However many lines the code has and however many importers have a schedule, this reads a
constant number of queries: the revisions in effect (one), their first lines under the code
with each revision's line count (one, with window functions), and the covering measures with
their targets and history (three). No duty is looked up per line: each line links to the
lookup page instead.
"""

from dataclasses import dataclass, field
from datetime import date as Date
from urllib.parse import urlencode

from django.db.models import Count, F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from commodities import hs
from core.models import Economy

from . import querysets
from .models import Measure, NationalLine, ScheduleRevision
from .models.schedule import dotted
from .state import MeasureState

# Lines shown per importer; an HS chapter has hundreds of national lines.
LINE_LIMIT = 20

# Only what the panel shows of a line (its footnotes and special rates can be long).
LINE_COLUMNS = ("revision_id", "code", "description", "general", "units", "rate_line")


@dataclass
class LineRow:
    line: NationalLine
    lookup_url: str

    @property
    def rate_from(self):
        """The dotted code of the line whose rate a statistical line takes, else ""."""
        return "" if self.line.sets_rate else dotted(self.line.rate_line)


@dataclass
class Duty:
    measure: Measure
    state: MeasureState


@dataclass
class ImporterLines:
    """One importer's schedule as the page shows it for a code on a date."""

    revision: ScheduleRevision
    rows: list[LineRow] = field(default_factory=list)
    total: int = 0
    duties: list[Duty] = field(default_factory=list)
    partner: Economy | None = None
    lookup_url: str = ""  # for the code itself; empty when the lookup cannot take the code

    @property
    def importer(self):
        return self.revision.importer

    @property
    def more(self):
        """How many lines at or under the code are not shown."""
        return self.total - len(self.rows)


def lookup_url(importer, code, on, exporter=None):
    """The tariff lookup page, prefilled: importer, product and date (and the exporter when
    one is given; otherwise the reader chooses it)."""
    query = {"importer": importer.iso3}
    if exporter is not None:
        query["exporter"] = exporter.iso3
    query.update({"hs": code, "date": on.isoformat()})
    return f"{reverse('tariffs:lookup')}?{urlencode(query)}"


def lookup_takes(code):
    """Whether the lookup page takes the code: a product of 6, 8 or 10 digits."""
    return len(code) >= 6


def revisions_in_effect(on):
    """Each importer's schedule revision in effect on `on`, by importer name; one query."""
    newest = ScheduleRevision.objects.newest_first(OuterRef("importer"), on).values("pk")[:1]
    return list(
        ScheduleRevision.objects.filter(effective_from__lte=on, pk=Subquery(newest))
        .select_related("importer")
        .order_by("importer__name", "pk")
    )


def first_lines(revisions, code, limit=LINE_LIMIT):
    """{revision id: ([its first `limit` lines at or under `code`, by code], how many it has
    there)}; one query, by code range within each revision."""
    if not revisions:
        return {}
    lines = (
        NationalLine.objects.filter(
            revision__in=[r.pk for r in revisions], code__gte=code, code__lt=hs.range_end(code)
        )
        .only(*LINE_COLUMNS)
        .annotate(
            position=Window(RowNumber(), partition_by=[F("revision_id")], order_by=F("code").asc()),
            total=Window(Count("pk"), partition_by=[F("revision_id")]),
        )
        .filter(position__lte=limit)
        .order_by("revision_id", "code")
    )
    found = {}
    for line in lines:
        shown, _ = found.get(line.revision_id, ([], 0))
        shown.append(line)
        found[line.revision_id] = (shown, line.total)
    return found


def duties_applying(importers, code, on):
    """{importer id: [Duty]}: the measures each importer imposes that cover `code` on `on`
    and are collected then (in force, or in force as modified), by title; three queries."""
    measures = (
        querysets.measure_summaries()
        .covering(code, on)
        .filter(issuer__in=[importer.pk for importer in importers])
        .order_by("title", "pk")
    )
    duties = {}
    for measure in measures:
        state = measure.state_on(on)
        if state is not None and state.is_applied:
            duties.setdefault(measure.issuer_id, []).append(Duty(measure, state))
    return duties


def only_partner(duties):
    """The one economy the duties aim at by name, when exactly one is (a duty on everyone
    names none); else None."""
    named = {
        economy.pk: economy
        for duty in duties
        if not duty.measure.applies_to_all_economies
        for economy in duty.measure.targets.all()
    }
    return next(iter(named.values())) if len(named) == 1 else None


def national_lines(code, on=None, limit=LINE_LIMIT):
    """[ImporterLines] for `code` on `on` (today when None), one per importer with a
    schedule revision in effect then, by importer name."""
    on = on or Date.today()
    revisions = revisions_in_effect(on)
    lines = first_lines(revisions, code, limit)
    duties = duties_applying([revision.importer for revision in revisions], code, on)
    schedules = []
    for revision in revisions:
        importer = revision.importer
        shown, total = lines.get(revision.pk, ([], 0))
        applying = duties.get(importer.pk, [])
        partner = only_partner(applying)
        rows = [LineRow(line, lookup_url(importer, line.code, on, partner)) for line in shown]
        schedules.append(
            ImporterLines(
                revision=revision,
                rows=rows,
                total=total,
                duties=applying,
                partner=partner,
                lookup_url=lookup_url(importer, code, on, partner) if lookup_takes(code) else "",
            )
        )
    return schedules
