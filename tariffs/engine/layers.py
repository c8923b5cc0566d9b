"""What each applied measure adds to a line's base rate, by the form of its rate."""

from decimal import Decimal

from ..expressions import DutyExpression
from ..state import Form
from .answer import Layer

ZERO = Decimal(0)


def percent(value):
    return f"{value.normalize():f} %"


def amount(form, rate, specific, unit, base, base_ave):
    """(what the measure adds, as an expression or None when not computable; a note)."""
    if form == Form.BASE_ONLY:
        return DutyExpression.free(), "no additional duty: the base rate only"
    if form == Form.TOTAL:
        if rate is None:
            return None, "the total rate is not recorded"
        if base is None:
            return None, "no base rate is known for this line"
        if base_ave is None:
            reason = base.reason if not base.is_computable else missing(base)
            return None, f"the base rate {base.text} has no ad valorem equivalent ({reason})"
        if base_ave >= rate:
            return DutyExpression.free(), (
                f"base {percent(base_ave)} is at least {percent(rate)}: the base rate alone"
            )
        return DutyExpression.ad_valorem_rate(rate - base_ave), (
            f"base {percent(base_ave)} topped up to {percent(rate)} in total"
        )
    expression = DutyExpression.free()
    if rate is not None:
        expression = expression + DutyExpression.ad_valorem_rate(rate)
    if specific is not None:
        expression = expression + DutyExpression.specific_rate(specific, unit)
    if rate is None and specific is None:
        return None, "the rate is not recorded"
    return expression, ""


def quota_applies(state, on):
    """'out_of_quota' from a recorded fill date to the end of that year, else 'in_quota'."""
    filled = state.quota_filled_on
    if filled is not None and filled <= on and filled.year == on.year:
        return "out_of_quota", f"the quota filled on {filled:%Y-%m-%d}"
    if filled is None:
        return "in_quota", "no fill date recorded: in quota"
    return "in_quota", f"the quota filled on {filled:%Y-%m-%d}, in an earlier period"


def layer(item, base, base_ave, on, sources):
    state = item.state
    entry = Layer(item.measure, state, item.matched, sources)
    if state.form == Form.QUOTA:
        inside, inside_note = amount(
            state.in_quota_form, state.in_quota_rate, None, "", base, base_ave
        )
        outside, outside_note = amount(
            state.out_of_quota_form, state.out_of_quota_rate, None, "", base, base_ave
        )
        applies, why = quota_applies(state, on)
        entry.quota = {
            "in_quota": str(inside) if inside is not None else None,
            "in_quota_note": inside_note,
            "out_of_quota": str(outside) if outside is not None else None,
            "out_of_quota_note": outside_note,
            "volume": state.quota_volume,
            "unit": state.quota_unit,
            "period": state.quota_period,
            "filled_on": state.quota_filled_on,
            "applies": applies,
            "why": why,
        }
        entry.adds, entry.note = (
            (inside, inside_note) if applies == "in_quota" else (outside, outside_note)
        )
        entry.note = f"{why}; {entry.note}"
        return entry
    entry.adds, entry.note = amount(
        state.form, state.ad_valorem_rate, state.specific_rate, state.specific_unit, base, base_ave
    )
    return entry


def sources_of(measure, state):
    """The measure's sources and those of the step that set its state, each once."""
    found = list(measure.sources)
    for change in measure.changes:
        if change.effective_on == state.since and change.status == state.status:
            found += [source for source in change.sources if source not in found]
    return found


def needs_unit_value(bases, states):
    """Whether a base rate or an applied measure's rate has a specific part, so that the
    total's ad valorem equivalent needs the goods' unit value."""
    return any(base is not None and base.units_needed for base in bases) or any(
        state.specific_rate is not None for state in states
    )


def missing(expression):
    """What an ad valorem equivalent of `expression` would need and the data do not give."""
    needs = []
    if expression.units_needed:
        needs.append(f"unit value in {', '.join(sorted(expression.units_needed))}")
    if expression.needs_degrees:
        needs.append("degree of the goods")
    if expression.parts_needed:
        needs.append(f"value of {', '.join(sorted(expression.parts_needed))}")
    return "no " + " or ".join(needs) + " in the trade data" if needs else "not computable"


def total(base, layers, unit_values):
    """(total expression or None, its ad valorem figure or None, why not computable)."""
    if base is None:
        return None, None, "no base rate: the product has no national line in the schedule"
    if not base.is_computable:
        return None, None, f"the base rate is not computable: {base.reason}"
    result = base
    for entry in layers:
        if entry.adds is None:
            return None, None, f"{entry.measure}: {entry.note}"
        result = result + entry.adds
    ave = result.ad_valorem_equivalent(unit_values)
    if ave is None:
        return result, None, f"{result}: ad valorem equivalent unknown ({missing(result)})"
    return result, ave, ""
