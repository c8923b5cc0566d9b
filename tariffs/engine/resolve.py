"""Which measures apply to a product from a partner on a date, and why the others do not.

In order: the measure's own state on the date (as the law reads, or read on `known_on`);
the partner left out; the product in or out of its scope and annexes on the date; then, among
those that apply, replacements (a measure in force replaces another for its targets and
scope), exemptions (a measure spares goods subject to another, or to what replaces it) and
precedence (of the measures that do not stack, only the lowest number applies).
"""

from dataclasses import dataclass

from commodities import hs

from ..models import MeasureRelation
from ..state import Status, upcoming_changes
from .answer import Skipped

REPLACES = MeasureRelation.Kind.REPLACES
EXEMPT = MeasureRelation.Kind.EXEMPT_IF_SUBJECT_TO


@dataclass(frozen=True)
class Applying:
    measure: object
    state: object
    matched: str


def matched_line(measure, code, on):
    """(included line, excluding line) in effect on `on` that cover `code`, most specific."""
    included, excluding = None, None
    for line in measure.scope_lines:
        if not line.in_effect(on) or not hs.covers(line.commodity_id, code):
            continue
        if line.excluded:
            if excluding is None or len(line.commodity_id) > len(excluding.commodity_id):
                excluding = line
        elif included is None or len(line.commodity_id) > len(included.commodity_id):
            included = line
    return included, excluding


def _line_label(line):
    annex = f"{line.annex} " if line.annex else ""
    since = f" from {line.effective_from:%Y-%m-%d}" if line.effective_from else ""
    return f"{annex}line {line.commodity_id}{since}"


def _own_state(measure, on, known_on):
    """(state, Skipped or None) for the measure on its own: its status on the date."""
    state = measure.state_on(on, known_on)
    if state is not None and state.is_applied:
        return state, None
    later = upcoming_changes(measure.changes, on, known_on)
    if state is None or state.status == Status.ANNOUNCED:
        if later:
            nxt = later[0]
            return state, Skipped(
                measure,
                "announced",
                f"announced for {nxt.effective_on:%Y-%m-%d}; nothing collected before",
            )
        return state, None if state is None else Skipped(
            measure, "announced", "announced; no date of effect recorded"
        )
    detail = f"{state.status_label.lower()} since {state.since:%Y-%m-%d}"
    if later:
        detail += f"; next step announced for {later[0].effective_on:%Y-%m-%d}"
    return state, Skipped(measure, "not_in_force", detail)


def _partner_exception(measure, reach_ids, on):
    for exception in measure.partner_exceptions:
        if exception.economy_id in reach_ids and exception.in_effect(on):
            since = f" from {exception.effective_from:%Y-%m-%d}" if exception.effective_from else ""
            return Skipped(measure, "partner_excepted", f"{exception.iso3} left out{since}")
    return None


def resolve(measures, code, on, reach_ids, known_on=None):
    """(applying, skipped) for `code` on `on` among `measures` (already aimed at the partner)."""
    applying, skipped = [], []
    for measure in measures:
        included, excluding = matched_line(measure, code, on)
        if included is None and not measure.covers_all_products:
            continue  # its scope reaches the product only on other dates
        state, reason = _own_state(measure, on, known_on)
        if state is None and reason is None:
            continue  # not yet in being on the date, and nothing announced
        reason = reason or _partner_exception(measure, reach_ids, on)
        if (
            reason is None
            and excluding is not None
            and (included is None or len(excluding.commodity_id) >= len(included.commodity_id))
        ):
            reason = Skipped(measure, "product_excluded", f"exempt by {_line_label(excluding)}")
        if reason is not None:
            skipped.append(reason)
            continue
        matched = _line_label(included) if included is not None else "all products"
        applying.append(Applying(measure, state, matched))
    return _relations(applying, skipped, on)


def _in_effect(relations, kind, on):
    return [r for r in relations if r.kind == kind and r.in_effect(on)]


def _relations(applying, skipped, on):
    ids = {item.measure.pk for item in applying}
    by_id = {item.measure.pk: item for item in applying}
    # Replacements, judged against every measure that applies on its own.
    replaced = {}
    replacing = {}  # other pk -> measures that replace it (in force or not)
    for item in applying:
        for relation in _in_effect(item.measure.relations, REPLACES, on):
            replacing.setdefault(relation.other_id, []).append(item.measure)
            if relation.other_id in ids:
                replaced.setdefault(relation.other_id, item.measure)
    remaining = [item for item in applying if item.measure.pk not in replaced]
    for pk, by in replaced.items():
        skipped.append(Skipped(by_id[pk].measure, "replaced", f"replaced by {by}", by))
    # Exemptions: goods subject to another measure, or to one that replaces it.
    present = {item.measure.pk for item in remaining}
    exempt = {}
    for item in remaining:
        for relation in _in_effect(item.measure.relations, EXEMPT, on):
            subject = [by_id[relation.other_id].measure] if relation.other_id in present else []
            subject += [m for m in replacing.get(relation.other_id, []) if m.pk in present]
            if subject:
                exempt.setdefault(item.measure.pk, subject[0])
                break
    kept = []
    for item in remaining:
        if item.measure.pk in exempt:
            by = exempt[item.measure.pk]
            skipped.append(
                Skipped(item.measure, "exempt", f"does not apply to goods subject to {by}", by)
            )
        else:
            kept.append(item)
    return _precedence(kept, skipped)


def _precedence(kept, skipped):
    ranked = [item for item in kept if item.measure.precedence is not None]
    if len(ranked) < 2:
        return kept, skipped
    top = min(item.measure.precedence for item in ranked)
    first = [item for item in ranked if item.measure.precedence == top]
    # Equal rank: the highest rate wins, as before precedence was recorded.
    winner = max(first, key=lambda item: item.state.ad_valorem_rate or 0)
    result = []
    for item in kept:
        if item.measure.precedence is None or item is winner:
            result.append(item)
        else:
            skipped.append(
                Skipped(
                    item.measure,
                    "outranked",
                    f"does not stack; {winner.measure} ranks first "
                    f"({winner.measure.precedence} against {item.measure.precedence})",
                    winner.measure,
                )
            )
    return result, skipped
