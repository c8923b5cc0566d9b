"""Units of quantity in rate texts: canonical names, the spellings that map to them, display.

The canonical names follow the `units` field of the schedule's rows where the schedule has
one for the same quantity ("kg", "liters", "pf.liters", "doz.", "No.", "Pb kg", "cy kg", ...).
Quantities the `units` field never names (drained weight, weight including the container,
weight of the entire contents of a container) get a name of the same style.
"""

import re
from decimal import Decimal

# Canonical unit -> how a rate per that unit is written after the amount ("1.4¢/kg",
# "0.9¢ each"). The parser reads these forms back, so they must stay in UNIT_ALIASES.
UNIT_DISPLAY = {
    "kg": "/kg",
    "g": "/g",
    "t": "/t",
    "liters": "/liter",
    "pf.liters": "/pf. liter",
    "No.": " each",
    "doz.": "/doz.",
    "prs.": "/pr.",
    "doz. prs.": "/doz. pr.",
    "gross": "/gross",
    "thousands": "/1000",
    "m": "/m",
    "m2": "/m2",
    "m3": "/m3",
    "cm3": "/cm3",
    "bbl": "/bbl",
    "pack": "/pack",
    "Jwls.": "/jewel",
    "gr.lines": "/line/gross",
    "cy kg": "/clean kg",
    "kg ttl sug": "/kg of total sugars",
    "kg amc": "/kg of anhydrous morphine content",
    "kg drained": "/kg on drained weight",
    "kg gross": "/kg on contents and container",
    "t gross": "/t, including weight of container",
    "kg contents": "/kg on entire contents of container",
    "liters fuel": "/liter of fuel",
    "Pb kg": "/kg on lead content",
    "Cu kg": "/kg on copper content",
    "Zn kg": "/kg on zinc content",
    "W kg": "/kg on tungsten content",
    "Mo kg": "/kg on molybdenum content",
    "Mg kg": "/kg on magnesium content",
    "Mn kg": "/kg on manganese content",
    "Si kg": "/kg on silicon content",
    "Ni kg": "/kg on nickel content",
    "Cr kg": "/kg on chromium content",
    "V kg": "/kg on vanadium content",
    "Co kg": "/kg on cobalt content",
}

# Element named in "X¢/kg on <element> content" -> canonical unit.
CONTENT_UNITS = {
    "lead": "Pb kg",
    "copper": "Cu kg",
    "zinc": "Zn kg",
    "tungsten": "W kg",
    "molybdenum": "Mo kg",
    "magnesium": "Mg kg",
    "manganese": "Mn kg",
    "silicon": "Si kg",
    "nickel": "Ni kg",
    "chromium": "Cr kg",
    "vanadium": "V kg",
    "cobalt": "Co kg",
}

# Spelling (lower case, spaces collapsed, without the leading "/") -> canonical unit.
# Covers the schedule's rate texts, its `units` field and common trade-data abbreviations.
UNIT_ALIASES = {
    "kg": "kg",
    "kg.": "kg",
    "kgs": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "g": "g",
    "gram": "g",
    "grams": "g",
    "t": "t",
    "ton": "t",
    "tons": "t",
    "tonne": "t",
    "metric ton": "t",
    "liter": "liters",
    "liters": "liters",
    "litre": "liters",
    "litres": "liters",
    "l": "liters",
    "pf. liter": "pf.liters",
    "pf.liter": "pf.liters",
    "pf. liters": "pf.liters",
    "pf.liters": "pf.liters",
    "proof liter": "pf.liters",
    "proof liters": "pf.liters",
    "pf. liter on ethyl alcohol content": "pf.liters",
    "pf.liter on ethyl alcohol content": "pf.liters",
    "liter of fuel": "liters fuel",
    "liters fuel": "liters fuel",
    "each": "No.",
    "no.": "No.",
    "no": "No.",
    "number": "No.",
    "u": "No.",
    "head": "No.",
    "unit": "No.",
    "units": "No.",
    "article": "No.",
    "piece": "No.",
    "pcs": "No.",
    "pc": "No.",
    "doz.": "doz.",
    "doz": "doz.",
    "dozen": "doz.",
    "12u": "doz.",
    "pr.": "prs.",
    "pr": "prs.",
    "prs.": "prs.",
    "prs": "prs.",
    "pair": "prs.",
    "pairs": "prs.",
    "2u": "prs.",
    "doz. pr.": "doz. prs.",
    "doz. prs.": "doz. prs.",
    "doz.pr.": "doz. prs.",
    "gross": "gross",
    "gross of immediate containers": "gross",
    "1000": "thousands",
    "1,000": "thousands",
    "thousand": "thousands",
    "thousands": "thousands",
    "1,000 pins": "thousands",
    "1000u": "thousands",
    "m": "m",
    "lin. m": "m",
    "linear meter": "m",
    "m2": "m2",
    "m²": "m2",
    "m2 of recording surface": "m2",
    "m2of recording surface": "m2",
    "m3": "m3",
    "m³": "m3",
    "cm3": "cm3",
    "cm³": "cm3",
    "bbl": "bbl",
    "barrel": "bbl",
    "barrels": "bbl",
    "pack": "pack",
    "jewel": "Jwls.",
    "jewels": "Jwls.",
    "jwls.": "Jwls.",
    "line/gross": "gr.lines",
    "gr.lines": "gr.lines",
    "clean kg": "cy kg",
    "cy kg": "cy kg",
    "kg of total sugars": "kg ttl sug",
    "kg ttl sug": "kg ttl sug",
    "kg of anhydrous morphine content": "kg amc",
    "kg amc": "kg amc",
    "kg on drained weight": "kg drained",
    "kg drained": "kg drained",
    "kg on contents and container": "kg gross",
    "kg, including weight of container": "kg gross",
    "kg gross": "kg gross",
    "t, including weight of container": "t gross",
    "t gross": "t gross",
    "kg on entire contents of container": "kg contents",
    "kg contents": "kg contents",
}
for _element, _unit in CONTENT_UNITS.items():
    UNIT_ALIASES[f"kg on {_element} content"] = _unit
    UNIT_ALIASES[_unit.lower()] = _unit
for _unit in UNIT_DISPLAY:
    UNIT_ALIASES.setdefault(_unit.lower(), _unit)

_SPACES = re.compile(r"\s+")


def unit_key(text):
    """The lookup form of a unit spelling: lower case, single spaces, no leading '/'."""
    key = _SPACES.sub(" ", text.replace("\u00a0", " ")).strip().lower()
    key = re.sub(r"\s*/\s*", "/", key).lstrip("/").strip()
    return key.replace("drained weght", "drained weight")  # a misspelling in column 2


def lookup_unit(text):
    """The canonical unit for a spelling, or None when it is not a known unit."""
    return UNIT_ALIASES.get(unit_key(text))


def canonical_unit(text):
    """The canonical unit for a spelling; an unknown spelling comes back stripped, as is.

    None (or an empty string) gives None.
    """
    if not text or not text.strip():
        return None
    return lookup_unit(text) or text.strip()


def format_number(value):
    """A Decimal without exponent or trailing zeros: Decimal("1.400") -> "1.4"."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def format_percent(value):
    """A percentage without the % sign; thirds as the schedule writes them ("33 1/3")."""
    whole = int(value)
    thirds = (value - whole) * 3
    nearest = thirds.to_integral_value()
    if thirds != nearest and abs(thirds - nearest) < Decimal("1e-20") and 0 < nearest < 3:
        return f"{whole} {int(nearest)}/3"
    return format_number(value)


def format_money(amount):
    """USD amount as the schedule writes it: cents under a dollar ("1.4¢"), else "$1.035"."""
    if abs(amount) < 1:
        return f"{format_number(amount * 100)}¢"
    if amount == amount.to_integral_value():
        return f"${format_number(amount)}"
    text = format_number(amount)
    if len(text.split(".")[1]) < 2:
        text += "0"
    return f"${text}"


def format_rate(amount, unit):
    """A specific rate: "1.4¢/kg", "$1.50 each"; an unknown unit is written after a slash."""
    return f"{format_money(amount)}{UNIT_DISPLAY.get(unit, '/' + unit)}"
