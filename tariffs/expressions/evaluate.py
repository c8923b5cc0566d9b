"""Duty in money, ad valorem equivalents and sums of duty expressions.

The functions take a `DutyExpression` (see `model`) and use only its attributes.
"""

from dataclasses import replace
from decimal import Decimal

from .units import canonical_unit

ZERO = Decimal(0)
HUNDRED = Decimal(100)
_NOT_COMPUTED = ("empty", "not_computable")


def as_decimal(value):
    """A Decimal from a Decimal, int or numeric string; None stays None. Floats are refused."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, (bool, float)):
        raise TypeError(f"use Decimal, not {type(value).__name__}: {value!r}")
    return Decimal(value)


def _by_unit(mapping):
    result = {}
    for unit, amount in (mapping or {}).items():
        if amount is not None:
            result[canonical_unit(unit) or unit] = as_decimal(amount)
    return result


def rate_per_unit(term, degrees=None):
    """The amount per unit of a specific term, after any degree reduction and bounds.

    None when the term depends on degrees and `degrees` is None.
    """
    rate = term.amount
    if term.needs_degrees:
        if degrees is None:
            return None
        degrees = as_decimal(degrees)
        if degrees < term.degree_threshold:
            rate -= term.per_degree_reduction * (term.degree_threshold - degrees)
        rate = max(rate, ZERO)
    if term.minimum is not None:
        rate = max(rate, term.minimum)
    if term.maximum is not None:
        rate = min(rate, term.maximum)
    return rate


def _bounded(total, expr, compute):
    for bound, pick in ((expr.minimum, max), (expr.maximum, min)):
        if bound is not None:
            limit = compute(bound)
            if limit is None:
                return None
            total = pick(total, limit)
    return total


def _by_part(mapping):
    return {
        part: as_decimal(amount) for part, amount in (mapping or {}).items() if amount is not None
    }


def duty(expr, value, quantities=None, degrees=None, parts=None):
    """Duty in USD; None when something it needs is missing or the text is not computable."""
    if str(expr.kind) in _NOT_COMPUTED:
        return None
    inputs = (as_decimal(value), _by_unit(quantities), degrees, _by_part(parts))
    return _duty(expr, *inputs)


def _duty(expr, value, quantities, degrees, parts):
    total = ZERO
    if expr.ad_valorem is not None:
        if value is None:
            return None
        total += value * expr.ad_valorem / HUNDRED
    for term in expr.specific:
        quantity = quantities.get(term.unit)
        rate = rate_per_unit(term, degrees)
        if quantity is None or rate is None:
            return None
        if term.excess_over is not None:
            quantity = max(quantity - term.excess_over, ZERO)
        total += rate * quantity
    for term in expr.parts:
        part_value = parts.get(term.part)
        if part_value is None:
            return None
        total += part_value * term.percent / HUNDRED
    return _bounded(total, expr, lambda bound: _duty(bound, value, quantities, degrees, parts))


def ad_valorem_equivalent(expr, unit_values=None, degrees=None, part_shares=None):
    """Duty on one unit of goods over its value, in percent; None when a value is missing.

    `unit_values` maps a unit to the USD value of one unit of the goods (a value of zero or
    less counts as missing); `part_shares` maps a part to its share of the goods' value
    (Decimal("0.25") for a quarter). A term on the quantity above a threshold ("over 7")
    has no equivalent per unit: None.
    """
    if str(expr.kind) in _NOT_COMPUTED:
        return None
    return _equivalent(expr, _by_unit(unit_values), degrees, _by_part(part_shares))


def _equivalent(expr, unit_values, degrees, shares):
    total = expr.ad_valorem if expr.ad_valorem is not None else ZERO
    for term in expr.specific:
        unit_value = unit_values.get(term.unit)
        rate = rate_per_unit(term, degrees)
        if unit_value is None or unit_value <= 0 or rate is None or term.excess_over is not None:
            return None
        total += rate / unit_value * HUNDRED
    for term in expr.parts:
        share = shares.get(term.part)
        if share is None:
            return None
        total += term.percent * share
    return _bounded(total, expr, lambda bound: _equivalent(bound, unit_values, degrees, shares))


def merge_terms(first, second):
    """Specific terms of both; plain terms in the same unit are added into one."""
    terms = list(first)
    for term in second:
        for index, known in enumerate(terms):
            if term.is_plain and known.is_plain and known.unit == term.unit:
                terms[index] = replace(known, amount=known.amount + term.amount)
                break
        else:
            terms.append(term)
    return tuple(terms)


def merge_parts(first, second):
    """Part terms of both; terms on the same part are added into one."""
    terms = list(first)
    for term in second:
        for index, known in enumerate(terms):
            if known.part == term.part:
                terms[index] = replace(known, percent=known.percent + term.percent)
                break
        else:
            terms.append(term)
    return tuple(terms)


def _sum(left, right, relative, minimum=None, maximum=None):
    if left.ad_valorem is None and right.ad_valorem is None:
        ad_valorem = None
    else:
        ad_valorem = (left.ad_valorem or ZERO) + (right.ad_valorem or ZERO)
    return type(left).build(
        ad_valorem=ad_valorem,
        specific=merge_terms(left.specific, right.specific),
        parts=merge_parts(left.parts, right.parts),
        relative=relative,
        minimum=minimum,
        maximum=maximum,
    )


def _unbounded(expr):
    return replace(expr, minimum=None, maximum=None)


def add(left, right):
    """The sum of two computable expressions (a base rate and a layer, or two layers).

    Ad valorem parts add, specific and part terms merge. The sum is relative only when both
    are (two additions to an unknown base); a relative layer added to a base gives the
    total. A bound ("but not less than") on one side carries over, moved by the other side;
    bounds on both sides cannot be added and raise ValueError, as does a non-computable side.
    """
    for side in (left, right):
        if not side.is_computable:
            raise ValueError(f"cannot add a {side.kind} expression: {side.text!r}")
    if str(left.kind) == "free" and str(right.kind) == "free":
        return type(left).free()
    bounded = [side for side in (left, right) if side.minimum or side.maximum]
    if len(bounded) == 2:
        raise ValueError(f"cannot add two bounded expressions: {left} and {right}")
    relative = left.relative and right.relative
    if not bounded:
        return _sum(left, right, relative)

    def with_other(expr):
        """`expr` in the place of the bounded side, added to the other side."""
        return (expr, right) if bounded[0] is left else (left, expr)

    limits = {
        name: _sum(*with_other(getattr(bounded[0], name)), False)
        for name in ("minimum", "maximum")
        if getattr(bounded[0], name) is not None
    }
    return _sum(*with_other(_unbounded(bounded[0])), relative, **limits)
