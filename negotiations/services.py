"""What the pages and the feeds show of negotiations: timelines, boards, the home summary."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce

from core import kept, prepared
from core.querysets import sources_of_many
from core.sql import Compiled
from negotiations.models import ConcessionStatusChange
from tariffs.models import Measure, MeasureChange
from tariffs.models.measures import in_play_condition, play_pairs
from tariffs.wording import describe_rate

from . import event_rows
from .models import Encounter, Negotiation, Round, Statement

# On one day, the round comes first, then what happened at it, then what followed from it.
KIND_ORDER = {"round": 0, "meeting": 1, "statement": 2, "measure": 3, "concession": 4}


@dataclass(frozen=True)
class Event:
    """Something that happened on a date, for a timeline or a feed."""

    kind: str
    date: dt.date
    title: str
    description: str
    url: str
    key: str
    sources: list = field(default_factory=list)
    negotiation: Negotiation | None = None


def round_event(round_, sources=None):
    verb = {"expected": "expected", "cancelled": "cancelled"}.get(round_.status, "held")
    return Event(
        kind="round",
        date=round_.start_date,
        title=f"{round_.title} ({verb}), {round_.place}",
        description=round_.outcome or round_.summary,
        url=round_.get_absolute_url(),
        key=f"round-{round_.pk}",
        sources=list(round_.sources.all()) if sources is None else sources,
        negotiation=round_.negotiation,
    )


def encounter_event(encounter, sources=None):
    names = " and ".join(p.name for p in encounter.participants.all())
    return Event(
        kind="meeting",
        date=encounter.date or encounter.round.start_date,
        title=f"{names} met" if encounter.round.status == "held" else f"{names} to meet",
        description=encounter.description,
        url=encounter.round.get_absolute_url(),
        key=f"encounter-{encounter.pk}",
        sources=list(encounter.sources.all()) if sources is None else sources,
        negotiation=encounter.round.negotiation,
    )


def statement_event(statement, sources=None):
    return Event(
        kind="statement",
        date=statement.said_on,
        title=f"{statement.speaker.name}: “{statement.quote}”",
        description=statement.context,
        url=statement.get_absolute_url(),
        key=f"statement-{statement.pk}",
        sources=list(statement.sources.all()) if sources is None else sources,
        negotiation=statement.round.negotiation,
    )


def measure_event(change, negotiation=None, sources=None):
    if change.form:
        rate = f": {describe_rate(change)}"
    else:
        rate = f" at {change.ad_valorem_rate.normalize():f}%" if change.ad_valorem_rate else ""
    if change.retroactive:
        rate += f" (retroactive: published {change.published_on:%Y-%m-%d})"
    return Event(
        kind="measure",
        date=change.effective_on,
        title=f"{change.measure.title}: {change.get_status_display().lower()}{rate}",
        description=change.note,
        url=change.measure.get_absolute_url(),
        key=f"measure-change-{change.pk}",
        sources=list(change.sources.all()) if sources is None else sources,
        negotiation=negotiation,
    )


def concession_event(change, sources=None):
    concession = change.concession
    return Event(
        kind="concession",
        date=change.changed_on,
        title=f"{concession.title}: {change.get_status_display().lower()}",
        description=change.note,
        url=concession.get_absolute_url(),
        key=f"concession-change-{change.pk}",
        sources=list(change.sources.all()) if sources is None else sources,
        negotiation=concession.negotiation,
    )


def timeline_sources(negotiation, pairs):
    """Each kind of event of a negotiation: (queryset reading its records whole, function
    giving the condition picking the negotiation's, the event's date as an expression, event
    builder). The records chosen are read by their keys alone (`timeline`). `pairs`: the
    parties' `play_pairs`, which choose the measures in play. The negotiation each record
    belongs to is the one given, not read again for each (`known`)."""
    known = Known(negotiation)
    return [
        (
            Round.objects.all(),
            lambda: Q(negotiation=negotiation),
            F("start_date"),
            lambda round_, sources: round_event(known.round(round_), sources),
        ),
        (
            Encounter.objects.select_related("round").prefetch_related("participants"),
            lambda: Q(round__negotiation=negotiation),
            Coalesce("date", "round__start_date"),  # as `encounter_event` dates it
            lambda encounter, sources: encounter_event(known.through(encounter, "round"), sources),
        ),
        (
            Statement.objects.select_related("speaker", "round"),
            lambda: Q(round__negotiation=negotiation),
            F("said_on"),
            lambda statement, sources: statement_event(known.through(statement, "round"), sources),
        ),
        (
            MeasureChange.objects.select_related("measure"),
            lambda: Q(measure__in=Measure.objects.filter(in_play_condition(pairs)).values("pk")),
            F("effective_on"),
            build_measure_event(negotiation),
        ),
        (
            ConcessionStatusChange.objects.select_related("concession"),
            lambda: Q(concession__negotiation=negotiation),
            F("changed_on"),
            lambda change, sources: concession_event(known.through(change, "concession"), sources),
        ),
    ]


class Known:
    """What a negotiation's records lead back to and the caller has already: the negotiation
    itself and the economies (kept per version of the data), given to each record instead of
    joined and made anew for each."""

    def __init__(self, negotiation):
        self.negotiation = negotiation
        self.economies = None  # read at the first round with a host country

    def of(self, record):
        """`record` (of this negotiation) with its negotiation given."""
        type(record).negotiation.field.set_cached_value(record, self.negotiation)
        return record

    def through(self, record, name):
        """`record` with the negotiation of its `name` (its round, its concession) given."""
        self.of(getattr(record, name))
        return record

    def round(self, round_):
        """A round with its negotiation and its host country given."""
        if round_.country_id is not None:
            if self.economies is None or round_.country_id not in self.economies.by_pk:
                self.economies = kept.economies().having([round_.country_id])
            country = self.economies.by_pk[round_.country_id]
            Round.country.field.set_cached_value(round_, country)
        return self.of(round_)


@dataclass(frozen=True)
class Timeline:
    events: list
    total: int

    @property
    def is_complete(self):
        return len(self.events) == self.total


# The kinds a timeline can be narrowed to, in the order its sources are read.
TIMELINE_KINDS = ("round", "meeting", "statement", "measure", "concession")


def timeline(negotiation, latest=None, kinds=None, parties=None):
    """A negotiation's rounds, meetings, statements, measure and concession events, in order.

    With `latest`, only the newest that many events are read (and `total` counts them all),
    so that a long negotiation costs no more to show than a short one: one query finds
    which, by date across every kind, and how many there are in all, and only those are read
    whole, by their keys. With `kinds`, only events of those kinds (of TIMELINE_KINDS).
    `parties`: the negotiation's, when the caller has them.
    """
    parties = list(negotiation.parties.all()) if parties is None else parties
    pairs = play_pairs(parties)
    sources = [
        (kind, *source)
        for kind, source in zip(TIMELINE_KINDS, timeline_sources(negotiation, pairs), strict=True)
        if not kinds or kind in kinds
    ]
    if latest is None:
        events = built(
            (records.filter(condition()), records.model, build)
            for _, records, condition, _, build in sources
        )
        return Timeline(sort_events(events), len(events))
    newest, total = newest_keys(sources, latest, negotiation, pairs)
    chosen = defaultdict(list)
    for kind, pk in newest:
        chosen[kind].append(pk)
    events = built(
        read_by_keys(kind, records, build, chosen[kind], negotiation)
        for kind, records, _, _, build in sources
        if chosen[kind]
    )
    return Timeline(sort_events(events), total)


def read_by_keys(kind, records, build, keys, negotiation):
    """(the records of `kind` with `keys`, their model, the builder of their events): as rows
    for the kinds read so (`event_rows`), else as `records` give them."""
    if kind == "measure":
        return event_rows.measure_changes(keys), MeasureChange, build_measure_event(negotiation)
    if kind == "concession":
        return (
            event_rows.concession_changes(keys, negotiation),
            ConcessionStatusChange,
            concession_event,
        )
    return list(records.filter(pk__in=keys)), records.model, build


def build_measure_event(negotiation):
    return lambda change, sources: measure_event(change, negotiation, sources)


def built(readings):
    """The events of each (records, their model, builder), all their sources read in one
    query. A queryset's records are read here."""
    read = [(list(records), model, build) for records, model, build in readings]
    cited = sources_of_many({model: [item.pk for item in items] for items, model, _ in read})
    return [build(item, cited[model][item.pk]) for items, model, build in read for item in items]


def newest_keys(sources, latest, negotiation, pairs):
    """([(kind, pk)] of the newest `latest` events of `sources`, the number of them all), in
    one query: the kinds' keys in a union, counted by a window over it before the limit.
    `pairs`: the parties' `play_pairs`, which choose the measures in play."""
    parts, params = [], []
    for kind, records, condition, day, _ in sources:
        if kind == "measure" and not pairs:
            continue  # one party: no measure in play
        args = [key for pair in pairs for key in pair] if kind == "measure" else [negotiation.pk]
        statement = KEPT_KEYS[kind].statement(*args)
        if statement is None:
            try:
                statement = keys_query(kind, records, condition(), day).query.sql_with_params()
            except EmptyResultSet:  # nothing can match (no measure in play): no part
                continue
        parts.append(statement[0])
        params.extend(statement[1])
    if not parts:
        return [], 0
    newest = (
        f"SELECT u.rank, u.pk, COUNT(*) OVER () FROM ({' UNION ALL '.join(parts)}) u "
        "ORDER BY u.day DESC, u.rank DESC, u.pk DESC LIMIT %s"
    )
    with connections[Negotiation.objects.db].cursor() as cursor:
        # The same text for every negotiation with the same kinds and number of parties.
        prepared.execute(cursor, newest, [*params, latest], "timeline_keys")
        rows = cursor.fetchall()
    kind_of = {KIND_ORDER[kind]: kind for kind in TIMELINE_KINDS}
    return [(kind_of[value], pk) for value, pk, _ in rows], (rows[0][2] if rows else 0)


def keys_query(kind, records, condition, day):
    """(rank of the kind, key, date) of the records of one kind of event that `condition`
    picks, unordered: a part of `newest_keys`' union."""
    return (
        records.model.objects.filter(condition)
        .order_by()
        .annotate(day=day, rank=Value(KIND_ORDER[kind]))
        .values_list("rank", "pk", "day")
    )


def negotiation_keys(kind, negotiation_id):
    """The `keys_query` of `kind` for the negotiation with key `negotiation_id`, for a kind
    whose records the negotiation alone picks (`timeline_sources`)."""
    return kind_keys(kind, Negotiation(pk=negotiation_id), pairs=[])


def measure_keys(*keys):
    """The `keys_query` of the measures' changes for the `play_pairs` whose lists of ids are
    `keys`, in turn (the negotiation itself does not pick them)."""
    return kind_keys("measure", Negotiation(), pairs=list(zip(keys[::2], keys[1::2], strict=True)))


def kind_keys(kind, negotiation, pairs):
    sources = dict(zip(TIMELINE_KINDS, timeline_sources(negotiation, pairs), strict=True))
    records, condition, day, _ = sources[kind]
    return keys_query(kind, records, condition(), day)


# The key queries of every kind of event, compiled once per process (`core.sql.Compiled`):
# building and compiling the union through the ORM cost the negotiation page more than the
# database took to answer it. The measures' is compiled once for each number of pairs.
KEPT_KEYS = {
    **{
        kind: Compiled(partial(negotiation_keys, kind))
        for kind in ("round", "meeting", "statement", "concession")
    },
    "measure": Compiled(measure_keys),
}


def sort_events(events):
    """Oldest first; on one day, in KIND_ORDER."""
    return sorted(events, key=lambda e: (e.date, KIND_ORDER[e.kind], e.key))


def recent_events(limit=50):
    """The newest rounds and status changes of measures and concessions, across negotiations."""
    rounds = (
        Round.objects.select_related("negotiation", "country")
        .prefetch_related("sources")
        .order_by("-start_date", "-pk")[:limit]
    )
    measures = (
        MeasureChange.objects.select_related("measure")
        .prefetch_related("sources")
        .order_by("-effective_on", "-pk")[:limit]
    )
    concessions = (
        ConcessionStatusChange.objects.select_related("concession__negotiation")
        .prefetch_related("sources")
        .order_by("-changed_on", "-pk")[:limit]
    )
    events = [
        *(round_event(r) for r in rounds),
        *(measure_event(c) for c in measures),
        *(concession_event(c) for c in concessions),
    ]
    return sorted(events, key=lambda e: (e.date, e.key), reverse=True)[:limit]
