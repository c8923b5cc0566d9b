"""What a measure's rate does, in words: the one home of how pages, tables and the API say it."""

from .state import Form


def percent(value):
    return f"{value.normalize():f} %"


def _amount(form, rate, specific=None, unit=""):
    if form == Form.BASE_ONLY:
        return "base rate only"
    if form == Form.TOTAL:
        if rate is None:
            return "a total inclusive of the base rate (rate not recorded)"
        return (
            f"{percent(rate)} in total, including the base rate; base rates of "
            f"{percent(rate)} or more are left as they are"
        )
    parts = []
    if rate is not None:
        parts.append(f"{percent(rate)}")
    if specific is not None:
        parts.append(f"{specific.normalize():f} per {unit or 'unit'}")
    return f"adds {' + '.join(parts)}" if parts else "adds (rate not recorded)"


def describe_rate(state):
    """'adds 25 %', '15 % in total, including the base rate; …', 'base rate only', or a
    quota's two rates; empty for no state."""
    if state is None:
        return ""
    if state.form == Form.QUOTA:
        inside = _amount(state.in_quota_form, state.in_quota_rate)
        outside = _amount(state.out_of_quota_form, state.out_of_quota_rate)
        volume = (
            f" of {state.quota_volume.normalize():f} {state.quota_unit}".rstrip()
            if state.quota_volume is not None
            else ""
        )
        period = f" a {state.quota_period}" if state.quota_period else ""
        return f"tariff-rate quota{volume}{period}: in quota {inside}; over it {outside}"
    return _amount(state.form, state.ad_valorem_rate, state.specific_rate, state.specific_unit)
