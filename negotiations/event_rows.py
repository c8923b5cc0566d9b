"""The events most of a timeline holds, read as rows by their keys.

A negotiation's timeline is mostly status changes: of the measures in play and of its own
concessions. Read through the ORM, each of a page's sixty events was a model instance and its
measure or concession another, built after a query compiled anew for every page. Here each kind
is one query compiled once per process (`core.sql.Compiled`), and each row answers the
attributes its event builder (`services.measure_event`, `services.concession_event`) reads,
with the models' own rules (`MeasureChange.retroactive`, the addresses) borrowed, not copied.
"""

from collections import namedtuple

from core.querysets import choice_labels
from core.sql import Compiled
from tariffs.models import Measure, MeasureChange
from tariffs.state import FOLDED_FIELDS

from .models import Concession, ConcessionStatusChange


class MeasureLink(namedtuple("MeasureLink", ["pk", "title"])):
    __slots__ = ()
    get_absolute_url = Measure.get_absolute_url


class ConcessionLink(
    namedtuple("ConcessionLink", ["pk", "title", "negotiation", "negotiation_address"])
):
    __slots__ = ()
    address_on = Concession.address_on

    def get_absolute_url(self):
        return self.address_on(self.negotiation_address)


# What `measure_event` and `describe_rate` read of a change: what the state fold reads, and
# the change's note.
MEASURE_CHANGE_FIELDS = (*FOLDED_FIELDS, "note")
MEASURE_STATUSES = choice_labels(MeasureChange, "status")


class MeasureChangeRow(
    namedtuple("MeasureChangeRow", [*MEASURE_CHANGE_FIELDS, "measure_id", "measure_title"])
):
    """A measure's change with its measure's title, as `measure_event` reads it."""

    __slots__ = ()
    COLUMNS = (*MEASURE_CHANGE_FIELDS, "measure_id", "measure__title")
    retroactive = MeasureChange.retroactive

    def get_status_display(self):
        return MEASURE_STATUSES.get(self.status, self.status)

    @property
    def measure(self):
        return MeasureLink(self.measure_id, self.measure_title)


CONCESSION_STATUSES = choice_labels(ConcessionStatusChange, "status")


class ConcessionChangeRow(
    namedtuple(
        "ConcessionChangeRow",
        [
            "pk",
            "changed_on",
            "status",
            "note",
            "concession_id",
            "concession_title",
            "negotiation",
            "negotiation_address",
        ],
    )
):
    """A concession's status change with its concession's title, as `concession_event` reads
    it; the negotiation is the one whose timeline it is (its address read once for all)."""

    __slots__ = ()
    COLUMNS = ("pk", "changed_on", "status", "note", "concession_id", "concession__title")

    def get_status_display(self):
        return CONCESSION_STATUSES.get(self.status, self.status)

    @property
    def concession(self):
        return ConcessionLink(
            self.concession_id, self.concession_title, self.negotiation, self.negotiation_address
        )


def _by_keys(model, columns):
    return Compiled(lambda ids: model.objects.filter(pk__any=ids).order_by().values_list(*columns))


MEASURE_CHANGES = _by_keys(MeasureChange, MeasureChangeRow.COLUMNS)
CONCESSION_CHANGES = _by_keys(ConcessionStatusChange, ConcessionChangeRow.COLUMNS)


def measure_changes(ids):
    """MeasureChangeRows of the changes with keys `ids`, in no order."""
    return [MeasureChangeRow._make(row) for row in MEASURE_CHANGES.rows(list(ids))]


def concession_changes(ids, negotiation):
    """ConcessionChangeRows of the status changes with keys `ids` (of `negotiation`'s
    concessions), in no order."""
    address = negotiation.get_absolute_url()
    rows = CONCESSION_CHANGES.rows(list(ids))
    return [ConcessionChangeRow(*row, negotiation, address) for row in rows]
