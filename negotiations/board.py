"""A negotiation's board: what each side asks and offers, by status, with how each item moved
round by round. Read as rows: the board shows a hundred items and their steps on every page."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from core.paths import detail_path, path_writer
from core.querysets import sources_of
from core.sql import Compiled

from .models import Concession, ConcessionStatusChange
from .querysets import concession_lines

# How many items each column of a board shows before "N more".
BOARD_COLUMN_LENGTH = 6


@dataclass(frozen=True)
class Side:
    """The economy that gives a board's items."""

    pk: int
    iso3: str
    name: str


@dataclass(frozen=True)
class BoardConcession:
    """What a board shows of a concession, read as a row."""

    pk: int
    title: str
    kind_label: str
    commodity_id: str | None
    commodity_description: str
    amount: object
    amount_unit: str
    receiver_iso3: str
    sources: list
    commodity_url: str | None


@dataclass(frozen=True)
class RoundLink:
    sequence: int
    url: str


@dataclass(frozen=True)
class BoardItem:
    concession: BoardConcession
    steps: list  # (date, status label, RoundLink or None), oldest first


@dataclass(frozen=True)
class BoardColumn:
    status: str
    label: str
    items: list
    total: int
    opened: bool = False  # shown whole, on request

    @property
    def hidden(self):
        return self.total - len(self.items)


BOARD_FIELDS = (
    "pk",
    "title",
    "kind",
    "status",
    "commodity_id",
    "commodity__description",
    "amount",
    "amount_unit",
    "receiver__iso3",
    "giver_id",
    "giver__iso3",
    "giver__name",
)


# The board's items and their steps, by the concessions' ids: compiled once (`core.sql`).
BOARD_ROWS = Compiled(
    lambda ids: (
        Concession.objects.filter(pk__any=ids)
        .order_by("giver__name", "title", "pk")
        .values_list(*BOARD_FIELDS)
    )
)
STEPS = Compiled(
    lambda ids: (
        ConcessionStatusChange.objects.filter(concession__any=ids)
        .order_by("changed_on", "pk")
        .values_list("concession_id", "changed_on", "status", "round_id", "round__sequence")
    )
)


def concession_board(negotiation, per_column=BOARD_COLUMN_LENGTH, opened=None, lines=None):
    """What each side asks and offers, by status, with how each item moved round by round.

    Returns {giver: [BoardColumn]}, every status present in workflow order; a column holds
    its newest `per_column` items and counts them all. `opened`, a (giver id, status), is
    the column shown whole; `lines`: the negotiation's `concession_lines`, when the caller has
    them. Read as rows, in four queries (three with `lines`) whatever the number of items.
    """
    lines = concession_lines(negotiation) if lines is None else lines
    totals = Counter((line.giver_id, line.status) for line in lines)
    newest_first = defaultdict(list)
    for line in sorted(lines, key=lambda line: -line.pk):
        newest_first[line.giver_id, line.status].append(line.pk)
    # Picked here from the lines the page has read: by a window in SQL, the planner sorted
    # every concession of the negotiation again to rank them.
    chosen = [
        pk
        for column, keys in newest_first.items()
        for pk in (keys if column == opened else keys[:per_column])
    ]
    newest = [dict(zip(BOARD_FIELDS, row, strict=True)) for row in BOARD_ROWS.rows(chosen)]
    ids = [row["pk"] for row in newest]
    steps = concession_steps(ids)
    sources = sources_of(Concession, ids)
    kinds = dict(Concession.Kind.choices)
    product_path = path_writer("commodities:commodity")
    items = defaultdict(list)
    givers = {}
    for row in newest:
        givers.setdefault(
            row["giver_id"], Side(row["giver_id"], row["giver__iso3"], row["giver__name"])
        )
        concession = BoardConcession(
            pk=row["pk"],
            title=row["title"],
            kind_label=kinds.get(row["kind"], row["kind"]),
            commodity_id=row["commodity_id"],
            commodity_description=row["commodity__description"] or "",
            amount=row["amount"],
            amount_unit=row["amount_unit"],
            receiver_iso3=row["receiver__iso3"],
            sources=sources.get(row["pk"], []),
            commodity_url=row["commodity_id"] and product_path(row["commodity_id"]),
        )
        items[row["giver_id"], row["status"]].append(BoardItem(concession, steps[row["pk"]]))
    return {
        giver: [
            BoardColumn(
                status,
                label,
                items[giver.pk, status],
                totals.get((giver.pk, status), 0),
                opened=opened == (giver.pk, status),
            )
            for status, label in Concession.Status.choices
        ]
        for giver in givers.values()
    }


def concession_steps(ids):
    """{concession id: [(date, status label, RoundLink or None)]}, oldest first, one query."""
    labels = dict(ConcessionStatusChange._meta.get_field("status").flatchoices)
    changes = STEPS.rows(ids)
    steps = defaultdict(list)
    links = {None: None}
    for concession, changed_on, status, round_id, sequence in changes:
        if round_id not in links:
            links[round_id] = RoundLink(sequence, detail_path("negotiations:round", round_id))
        steps[concession].append((changed_on, labels.get(status, status), links[round_id]))
    return steps
