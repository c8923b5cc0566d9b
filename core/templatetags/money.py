"""Amounts of money as analysts read them: "USD 44.8 bn", "USD 300 m", with the unit."""

from decimal import Decimal

from django import template

register = template.Library()

SCALES = ((Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "m"), (Decimal(10) ** 3, "k"))


def format_usd(value, signed=False):
    """ "USD 44.8 bn"; "−USD 4.39 bn" (or "+USD ...", signed); "no data" for None."""
    if value is None:
        return "no data"
    value = Decimal(value)
    sign = "−" if value < 0 else ("+" if signed and value > 0 else "")
    amount = abs(value)
    for scale, unit in SCALES:
        if amount >= scale:
            figure = amount / scale
            digits = 1 if figure >= 100 else (2 if figure < 10 else 1)
            text = f"{figure:,.{digits}f}".rstrip("0").rstrip(".")
            return f"{sign}USD {text} {unit}"
    return f"{sign}USD {amount:,.0f}"


@register.simple_tag
def usd(value, signed=False):
    return format_usd(value, signed)


def format_amount(value, unit=""):
    """An amount with its unit as analysts read it: "USD 768 m" for USD, "USD 550 bn" for 550
    "USD bn", "1,000 tonnes", "15 %"; "" for None."""
    if value is None:
        return ""
    if unit == "USD":
        return format_usd(value)
    figure = f"{Decimal(value).quantize(Decimal('0.001')).normalize():,f}"
    if unit.startswith("USD "):
        return f"USD {figure} {unit.removeprefix('USD ')}"
    if unit == "%":
        return f"{figure} %"
    return f"{figure} {unit}".strip()


@register.simple_tag
def amount(value, unit=""):
    return format_amount(value, unit)
