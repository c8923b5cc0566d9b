"""A concession's status step: the one way a step is written, from a round's admin page or the API.

`record_step(concession, status, round, date, note, sources)` writes one
`ConcessionStatusChange` after checking it against the model's rules (`full_clean`: a known
status, a date, a round of the concession's negotiation, no second step of the same status on
the same day); the concession's current status then follows its latest step (the model's
`save`). `step_errors` runs the same check without writing, for forms that must show the
errors before anything is saved.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import ConcessionStatusChange


def build_step(concession, status, round=None, date=None, note="", step=None):
    """The step, unsaved, with its fields set: `step` when given (a step being edited), else a
    new one. `date` defaults to the round's last day."""
    step = step or ConcessionStatusChange()
    step.concession = concession
    step.status = status
    step.round = round
    step.changed_on = date or (round.end_date if round is not None else None)
    step.note = note or ""
    return step


def step_errors(step):
    """The model's rules for `step`, as a ValidationError's message dict ({} when valid).

    A concession not saved yet (entered on the same page) has nothing to collide with: its
    fields and the step's own rules are checked, not the uniqueness among its steps."""
    exclude = {"concession"} if step.concession.pk is None else set()
    try:
        step.full_clean(exclude=exclude)
    except ValidationError as error:
        return error.message_dict
    return {}


@transaction.atomic
def record_step(concession, status, round=None, date=None, note="", sources=(), step=None):
    """Write a status step of `concession` and return it.

    - `status`: one of `Concession.Status`; `round`: the round it moved at (or None);
      `date`: the day it moved (default: the round's last day); `note`: free text;
      `sources`: Source rows the step cites (added to those it has).
    - `step`: an existing step of the concession to rewrite instead of adding one.

    Raises django.core.exceptions.ValidationError (by field) when a model rule is broken;
    nothing is written then.
    """
    step = build_step(concession, status, round, date, note, step)
    step.full_clean()
    step.save()
    if sources:
        step.sources.add(*sources)
    return step
