"""Concessions entered in bulk: one row per concession, its status steps in one column.

    negotiation, title, giver, receiver, commodity, kind, round, description, amount,
    amount_unit, steps

A concession is known by its negotiation (the slug in its address), giver (ISO3) and title: a
row with those of a recorded concession updates it. `receiver` is an ISO3 code, `commodity` an
HS code (dots allowed, may be empty), `round` the number of a round of the negotiation (may be
empty).

`steps`, one entry per dated step, parted by ";": `DATE:STATUS`, then `note=` if wanted:
`2025-04-16:requested; 2025-07-22:agreed note=In the joint statement`. The concession's status
is that of its latest step.
"""

from django.core.exceptions import ValidationError
from import_export import widgets

from commodities import hs
from commodities.models import Commodity
from core.bulk import BulkResource, ByKey, Lines, LinesColumn, column, register
from core.bulk_columns import read_date
from core.models import Economy

from .models import Concession, ConcessionStatusChange, Negotiation, Round


class Steps(Lines):
    model = ConcessionStatusChange
    parent = "concession"
    related_name = "status_changes"
    key_fields = ("changed_on", "status")
    compared = ("changed_on", "status", "note")
    in_head = ("changed_on", "status")

    def read_head(self, head, line):
        day, _, status = head.partition(":")
        line.changed_on = read_date(day)
        line.status = status.strip()
        if line.status not in Concession.Status.values:
            raise ValidationError(
                f"status {line.status!r} is not one of {', '.join(Concession.Status.values)}."
            )

    @classmethod
    def write_head(cls, line):
        return f"{line.changed_on}:{line.status}"


class RoundOfNegotiation(widgets.ForeignKeyWidget):
    """A round by its number within the row's negotiation."""

    def __init__(self):
        super().__init__(Round, "sequence")
        self.found = {}

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        slug, number = str(row.get("negotiation", "")).strip(), str(value).strip()
        if (slug, number) not in self.found:
            rounds = Round.objects.filter(negotiation__slug=slug)
            self.found[slug, number] = (
                rounds.filter(sequence=int(number)).first() if number.isdigit() else None
            )
        if self.found[slug, number] is None:
            raise ValueError(f"No round {number} in negotiation {slug}.")
        return self.found[slug, number]


@register
class ConcessionResource(BulkResource):
    kind = "concessions"
    example = {
        "negotiation": "japan-united-states-2025",
        "title": "More U.S. rice",
        "giver": "JPN",
        "receiver": "USA",
        "commodity": "1006.30",
        "kind": "purchase",
        "round": "1",
        "description": "",
        "amount": "75",
        "amount_unit": "%",
        "steps": "2025-04-16:requested; 2025-07-22:agreed note=In the joint statement",
    }

    negotiation = column("negotiation", ByKey(Negotiation, "slug"))
    giver = column("giver", ByKey(Economy, "iso3"))
    receiver = column("receiver", ByKey(Economy, "iso3"))
    commodity = column("commodity", ByKey(Commodity, "code", normalize=hs.from_written))
    round = column("round", RoundOfNegotiation())
    steps = LinesColumn(Steps, "steps")

    class Meta:
        model = Concession
        fields = [
            "negotiation",
            "title",
            "giver",
            "receiver",
            "commodity",
            "kind",
            "round",
            "description",
            "amount",
            "amount_unit",
            "steps",
        ]
        import_id_fields = ["negotiation", "giver", "title"]

    def after_write(self, records):
        # A concession's status is its latest step's, kept by the steps as each is saved;
        # steps written in bulk are not saved one by one.
        for concession in records:
            concession.refresh_status()
