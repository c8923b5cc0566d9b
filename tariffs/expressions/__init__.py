"""Duty expressions: the rate texts of the US tariff schedule, parsed and evaluated.

    >>> from decimal import Decimal
    >>> expr = parse("4.4¢/kg + 6%")
    >>> expr.kind, expr.ad_valorem, expr.specific[0].amount, expr.specific[0].unit
    (<Kind.COMPOUND: 'compound'>, Decimal('6'), Decimal('0.044'), 'kg')
    >>> expr.evaluate(Decimal("1000"), {"kg": Decimal("500")})
    Decimal('82.000')

Pure Python (standard library only); amounts and rates are Decimals.
"""

from .evaluate import as_decimal
from .model import DutyExpression, Kind, NotComputable
from .parse import normalise, parse, parse_special
from .terms import PartRate, Specific
from .units import CONTENT_UNITS, UNIT_ALIASES, UNIT_DISPLAY, canonical_unit

Reason = NotComputable

__all__ = [
    "CONTENT_UNITS",
    "UNIT_ALIASES",
    "UNIT_DISPLAY",
    "DutyExpression",
    "Kind",
    "NotComputable",
    "PartRate",
    "Reason",
    "Specific",
    "as_decimal",
    "canonical_unit",
    "normalise",
    "parse",
    "parse_special",
]
