"""A measure's state on a date, folded from its dated history: the one home of that rule."""

from dataclasses import dataclass, replace
from datetime import date as Date
from decimal import Decimal

from django.db import models


class Status(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    IN_FORCE = "in_force", "In force"
    PAUSED = "paused", "Paused"
    MODIFIED = "modified", "Modified"
    REVOKED = "revoked", "Revoked"


# A measure is collected at the border only in these states: a modified measure is still in
# force, at its modified rate or scope.
APPLIED_STATUSES = (Status.IN_FORCE, Status.MODIFIED)


RATE_FIELDS = (
    "ad_valorem_rate",
    "specific_rate",
    "in_quota_rate",
    "out_of_quota_rate",
    "quota_volume",
)


@dataclass(frozen=True)
class MeasureState:
    status: str
    since: Date
    ad_valorem_rate: Decimal | None = None
    specific_rate: Decimal | None = None
    in_quota_rate: Decimal | None = None
    out_of_quota_rate: Decimal | None = None
    quota_volume: Decimal | None = None

    @property
    def is_applied(self):
        return self.status in APPLIED_STATUSES

    @property
    def status_label(self):
        return Status(self.status).label


def state_from_changes(changes, on):
    """Fold a measure's changes up to `on`: the latest status, each rate as last set."""
    state = None
    for change in sorted(changes, key=lambda c: (c.effective_on, c.pk or 0)):
        if change.effective_on > on:
            break
        rates = {f: getattr(change, f) for f in RATE_FIELDS if getattr(change, f) is not None}
        if state is None:
            state = MeasureState(status=change.status, since=change.effective_on, **rates)
        else:
            state = replace(state, status=change.status, since=change.effective_on, **rates)
    return state
