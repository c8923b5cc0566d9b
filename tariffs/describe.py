"""What a measure does, in sentences an editor can check without knowing the database: who
imposes it on whom, on what (and in which annexes), each dated step with its rate in words
(`wording.describe_rate`) and its two dates, what it replaces or gives way to, its precedence
and the partners it leaves out.

`describe_measure` reads a saved measure; the admin's preview describes a measure as edited by
saving it inside a transaction that is rolled back (`tariffs.admin_preview`).
"""

from .models import Measure
from .state import APPLIED_STATUSES, CARRIED_FIELDS, MeasureState, Status, known_changes
from .wording import describe_rate


def day(date):
    return f"{date:%Y-%m-%d}"


def span(dated):
    """' from 2025-09-16', ' before 2026-01-01', both, or '' for always."""
    parts = []
    if dated.effective_from:
        parts.append(f"from {day(dated.effective_from)}")
    if dated.effective_to:
        parts.append(f"before {day(dated.effective_to)}")
    return f" ({' and '.join(parts)})" if parts else ""


def listed(names):
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def describe_measure(measure):
    """The measure in sentences, in the order an editor reads its page."""
    return [
        who_on_whom(measure),
        *scope(measure),
        *steps(measure),
        *relations(measure),
        precedence(measure),
        *exceptions(measure),
    ]


def who_on_whom(measure):
    if measure.applies_to_all_economies:
        partners = "every economy"
    else:
        partners = listed(economy.name for economy in measure.targets.order_by("name"))
        partners = partners or "no economy yet (name its targets, or make it universal)"
    citation = f", {measure.legal_citation}" if measure.legal_citation else ""
    return (
        f"{measure.issuer.name} imposes it on goods from {partners}, under "
        f"{measure.get_legal_basis_display()}{citation}."
    )


def scope(measure):
    lines = list(measure.scope_lines.order_by("annex", "excluded", "commodity_id"))
    included = [line for line in lines if not line.excluded]
    sentences = []
    if measure.covers_all_products:
        sentences.append("It covers every product.")
    elif not included:
        sentences.append("It covers no product yet: add scope lines.")
    unlisted = [line for line in included if not line.annex]
    if unlisted and not measure.covers_all_products:
        sentences.append(f"It covers HS {codes(unlisted)}.")
    for annex in dict.fromkeys(line.annex for line in included if line.annex):
        in_annex = [line for line in included if line.annex == annex]
        sentences.append(f"{annex}: HS {codes(in_annex)}.")
    excluded = [line for line in lines if line.excluded]
    if excluded:
        sentences.append(f"It leaves out HS {codes(excluded)}.")
    return sentences


def codes(lines):
    return listed(f"{line.commodity_id}{span(line)}" for line in lines)


def steps(measure):
    """One sentence per dated step: its status, its two dates, what its rate then does."""
    carried = {}
    sentences = []
    for change in known_changes(list(measure.changes.all())):
        carried.update(
            (name, getattr(change, name))
            for name in CARRIED_FIELDS
            if getattr(change, name) not in (None, "")
        )
        state = MeasureState(status=change.status, since=change.effective_on, **carried)
        sentences.append(step(change, state))
    if not sentences:
        sentences.append("It has no dated step yet: add one with its status and rate.")
    return sentences


def step(change, state):
    status = Status(change.status).label
    published = change.published_on
    if change.status == Status.ANNOUNCED:
        on = f" on {day(published)}" if published else ""
        when = f"Announced{on} for {day(change.effective_on)}"
    else:
        when = f"{status} from {day(change.effective_on)}"
        if published and published != change.effective_on:
            late = " (retroactive)" if change.retroactive else ""
            when += f", published {day(published)}{late}"
    if change.status not in (*APPLIED_STATUSES, Status.ANNOUNCED):
        return f"{when}: nothing is collected."
    heading = f" (heading {state.chapter99_heading})" if state.chapter99_heading else ""
    return f"{when}: {describe_rate(state)}{heading}."


def relations(measure):
    """'It replaces …' and 'It does not apply to goods subject to …', one sentence for each
    kind of relation and span of dates."""
    grouped = {}
    for relation in measure.relations.select_related("other").order_by("kind", "other__title"):
        verb = (
            "It replaces"
            if relation.kind == relation.Kind.REPLACES
            else "It does not apply to goods subject to"
        )
        grouped.setdefault((verb, span(relation)), []).append(f"“{relation.other.title}”")
    return [f"{verb} {listed(titles)}{dates}." for (verb, dates), titles in grouped.items()]


def precedence(measure):
    if measure.precedence is None:
        return "It adds to the other measures that apply (no precedence)."
    rivals = (
        Measure.objects.filter(issuer=measure.issuer_id, precedence__isnull=False)
        .exclude(pk=measure.pk)
        .order_by("precedence", "title")
    )
    before = [f"“{m.title}” ({m.precedence})" for m in rivals if m.precedence > measure.precedence]
    after = [f"“{m.title}” ({m.precedence})" for m in rivals if m.precedence < measure.precedence]
    sentence = (
        f"Precedence {measure.precedence}: where measures with a precedence meet on a product, "
        "only the lowest number applies"
    )
    if before:
        sentence += f"; it comes before {listed(before)}"
    if after:
        sentence += f"; it gives way to {listed(after)}"
    return f"{sentence}."


def exceptions(measure):
    return [
        f"It leaves out goods from {exception.economy.name}{span(exception)}"
        + (f": {exception.note}" if exception.note else "")
        + "."
        for exception in measure.partner_exceptions.select_related("economy").order_by(
            "economy__name", "effective_from"
        )
    ]
