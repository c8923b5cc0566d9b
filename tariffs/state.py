"""A measure's state on a date, folded from its dated history: the one home of that rule.

Every change carries two dates: when it applies at the border (`effective_on`) and when it was
decided or published (`published_on`, the same day when left empty). The fold answers as the
law now reads by default; with `known_on` it answers as the law read on that day, leaving out
the changes published after it. An announced step never switches off what is in force: its
rates wait for the step that brings them into force.
"""

import dataclasses
from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal

from django.db import models


class Status(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    IN_FORCE = "in_force", "In force"
    MODIFIED = "modified", "Modified"
    PAUSED = "paused", "Paused"
    TERMINATED = "terminated", "Terminated"
    STRUCK_DOWN = "struck_down", "Struck down by a court"


class Form(models.TextChoices):
    """How a measure's rate meets the product's base (MFN) rate."""

    ADDS = "adds", "Adds to the base rate"
    TOTAL = "total", "Total, inclusive of the base rate"
    BASE_ONLY = "base_only", "Base rate only"
    QUOTA = "trq", "Tariff-rate quota"


# The forms a quota's in-quota and out-of-quota rates can take.
QUOTA_FORMS = [choice for choice in Form.choices if choice[0] != Form.QUOTA]

# A measure is collected at the border only in these states: a modified measure is still in
# force, at its modified rate or scope.
APPLIED_STATUSES = (Status.IN_FORCE, Status.MODIFIED)
# Statuses that end collection for good (until a later step says otherwise).
ENDED_STATUSES = (Status.TERMINATED, Status.STRUCK_DOWN)

# Each of these, left empty on a change, carries over from the step before.
CARRIED_FIELDS = (
    "form",
    "ad_valorem_rate",
    "specific_rate",
    "specific_unit",
    "in_quota_form",
    "in_quota_rate",
    "out_of_quota_form",
    "out_of_quota_rate",
    "quota_volume",
    "quota_unit",
    "quota_period",
    "quota_filled_on",
    "chapter99_heading",
)
# Kept for callers that list the rate columns.
RATE_FIELDS = CARRIED_FIELDS
# What the fold reads of each change: a change, or a plain row with these attributes.
FOLDED_FIELDS = ("pk", "effective_on", "published_on", "status", *CARRIED_FIELDS)


@dataclass(frozen=True)
class MeasureState:
    status: str
    since: Date
    published_on: Date | None = None
    form: str = Form.ADDS
    ad_valorem_rate: Decimal | None = None
    specific_rate: Decimal | None = None
    specific_unit: str = ""
    in_quota_form: str = ""
    in_quota_rate: Decimal | None = None
    out_of_quota_form: str = ""
    out_of_quota_rate: Decimal | None = None
    quota_volume: Decimal | None = None
    quota_unit: str = ""
    quota_period: str = ""
    quota_filled_on: Date | None = None
    chapter99_heading: str = ""

    @classmethod
    def of(cls, fields):
        """`MeasureState(**fields)` without the frozen class's check on each field: the fold
        makes one for every measure of a list. `fields` names status and since, and any of
        the rest (the others take their defaults)."""
        state = object.__new__(cls)
        state.__dict__.update(STATE_DEFAULTS, **fields)
        return state

    @property
    def is_applied(self):
        return self.status in APPLIED_STATUSES

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def form_label(self):
        return Form(self.form).label if self.form else ""

    @property
    def description(self):
        """What the rate does, in words."""
        from .wording import describe_rate

        return describe_rate(self)

    @property
    def retroactive(self):
        """The step that set this state was published after the day it applies from."""
        return self.published_on is not None and self.published_on > self.since


# The defaults of MeasureState's fields (all but status and since have one).
STATE_DEFAULTS = {
    field.name: field.default
    for field in dataclasses.fields(MeasureState)
    if field.default is not dataclasses.MISSING
}


def published(change):
    return change.published_on or change.effective_on


def known_changes(changes, known_on=None):
    """The changes as the law read on `known_on` (all of them when None), in the order they
    apply: by border date, then by publication, then as entered."""
    if known_on is not None:
        changes = [change for change in changes if published(change) <= known_on]
    return sorted(
        changes, key=lambda c: (c.effective_on, c.published_on or c.effective_on, c.pk or 0)
    )


# Where the carried fields stand in a row whose fields begin with FOLDED_FIELDS.
CARRIED_PLACES = slice(len(FOLDED_FIELDS) - len(CARRIED_FIELDS), len(FOLDED_FIELDS))


def _values(change):
    """The carried fields `change` sets (those it leaves empty carry over). A change is a
    model instance, or a row: a named tuple whose fields begin with FOLDED_FIELDS, read by
    place (a list page folds a couple of hundred)."""
    if isinstance(change, tuple):
        pairs = zip(CARRIED_FIELDS, change[CARRIED_PLACES], strict=True)
    else:
        pairs = ((name, getattr(change, name, None)) for name in CARRIED_FIELDS)
    return {name: value for name, value in pairs if value is not None and value != ""}


def state_from_changes(changes, on, known_on=None):
    """Fold a measure's changes up to `on` (as known on `known_on`): the latest status, each
    rate as last set. None before the measure existed."""
    fields = None  # the state's fields so far, made a MeasureState once at the end
    waiting = {}  # rates of announced steps, waiting for the step that brings them in
    for change in known_changes(changes, known_on):
        if change.effective_on > on:
            break
        values = _values(change)
        if (
            change.status == Status.ANNOUNCED
            and fields is not None
            and fields["status"] != Status.ANNOUNCED
        ):
            # An announcement changes nothing at the border.
            waiting.update(values)
            continue
        if fields is None:
            fields = {}
        fields["status"] = change.status
        fields["since"] = change.effective_on
        fields["published_on"] = published(change)
        fields.update(waiting)
        fields.update(values)
        waiting = {}
    return MeasureState.of(fields) if fields is not None else None


def upcoming_changes(changes, on, known_on=None):
    """Changes known by `on` (or `known_on`) that apply after `on`: announced for later."""
    horizon = min(on, known_on) if known_on else on
    return [
        change
        for change in known_changes(changes, known_on)
        if change.effective_on > on and published(change) <= horizon
    ]
