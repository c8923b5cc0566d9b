"""Reading rate texts of the US schedule ("4.4¢/kg + 6%") into `DutyExpression`s.

`parse` never raises: a text without a computable structure comes back as a
NOT_COMPUTABLE expression with its reason, an empty one as EMPTY.
"""

import re
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from .model import DutyExpression, Kind, NotComputable
from .terms import PartRate, Specific
from .units import lookup_unit

_MONEY = r"(?:\$\s*\d[\d,]*(?:\.\d+)?|\d+(?:\.\d+)?\s*¢)"
_NUMBER = r"\d+(?:\.\d+)?"

_DEGREE = re.compile(
    rf"(?P<amount>{_MONEY})/(?P<unit>\S+) less (?P<reduction>{_MONEY})/(?P<unit2>\S+)"
    rf" for each degree (?:under|below) (?P<threshold>{_NUMBER}) degrees?"
    r"(?: \(and fractions of a degree(?: in proportion)?\))?"
    rf"(?: but not less(?: than)? (?P<minimum>{_MONEY})/(?P<unit3>\S+))?",
    re.IGNORECASE,
)
_BOUND = re.compile(r",?\s+but not (?P<which>less|more)(?: than)?\s+", re.IGNORECASE)
_MIN_MAX = re.compile(
    r"[,;]?\s*\(?\b(?P<which>minimum|maximum)\b:?\s+(?P<bound>[^()]+?)\)?$", re.IGNORECASE
)
_PERCENT = re.compile(rf"(?P<number>{_NUMBER})(?P<third> [12]/3)?\s*%\s*(?P<rest>.*)")
_AMOUNT = re.compile(r"(?:\$\s*(?P<dollars>\d[\d,]*(?:\.\d+)?)|(?P<cents>\d+(?:\.\d+)?)\s*¢)")
_RELATIVE = re.compile(
    r"(?:the duty (?:rate )?provided (?:for )?in (?:the applicable subheading|such subheading"
    r"|(?:the )?subheadings? (?P<subheadings>[\d.]+(?:(?:,| or| and|, or|, and) [\d.]+)*))"
    r"|base)\b\s*(?P<rest>.*)",
    re.IGNORECASE,
)
# Ad valorem wording that still means the customs value of the goods as entered.
_WHOLE_VALUE = ("on the entire set", "on the full value of the imported article")

_OTHER_LINE = re.compile(
    r"rate (?:of duty )?applicable|rate provided for|^see \d|^a duty equal to"
    r"|^a duty \(in lieu|shall not exceed the duty",
    re.IGNORECASE,
)
_OTHER_BASIS = re.compile(r"^a duty upon|\bpercent of the\b|\bcost of such\b", re.IGNORECASE)
_SEE_NOTE = re.compile(r"^see (?:additional )?u\.s\. notes?\b", re.IGNORECASE)
_NO_CHANGE = re.compile(r"^no change$", re.IGNORECASE)
# "Free", "Free, under bond ...", "Free (See U.S. note 4 ...)": the wording after is a note.
_FREE = re.compile(r"free(?:\s*,\s*(?P<note>.+)|\s*(?P<paren>\(.*\)))?", re.IGNORECASE)

# When several terms fail, the reason of the highest rank is given.
_RANK = [NotComputable.UNRECOGNISED, NotComputable.OTHER_BASIS, NotComputable.COMPONENT_VALUE]


class _Unparsed(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def normalise(text):
    """One line, single spaces, rejoined hyphenated words, spaced '+', tight '/'."""
    text = text.replace("\u00a0", " ")
    text = re.sub(r"(?<=[a-z])-\s+(?=[a-z])", "", text)
    text = " ".join(text.split())
    text = re.sub(r"\b(in|on)the\b", r"\1 the", text)
    text = re.sub(r"\bthe(battery|case)\b", r"the \1", text)
    text = re.sub(r"\s*\+\s*", " + ", text)
    text = re.sub(r"\s*/\s*", "/", text)
    stripped = text.rstrip(" ./")
    return stripped or text


def _amount(text):
    match = _AMOUNT.fullmatch(text.strip())
    if match is None:
        raise _Unparsed(NotComputable.UNRECOGNISED)
    if match["dollars"] is not None:
        return Decimal(match["dollars"].replace(",", ""))
    return Decimal(match["cents"]).scaleb(-2)


def _unit(text):
    unit = lookup_unit(text)
    if unit is None:
        raise _Unparsed(NotComputable.UNRECOGNISED)
    return unit


def _degree_term(match):
    unit = _unit(match["unit"])
    if _unit(match["unit2"]) != unit or (match["unit3"] and _unit(match["unit3"]) != unit):
        raise _Unparsed(NotComputable.UNRECOGNISED)
    return Specific(
        amount=_amount(match["amount"]),
        unit=unit,
        per_degree_reduction=_amount(match["reduction"]),
        degree_threshold=Decimal(match["threshold"]),
        minimum=_amount(match["minimum"]) if match["minimum"] else None,
    )


def _part_name(text):
    """The part in "on the case", "upon the value of the lead content": "case", "lead content"."""
    return re.sub(r"^(?:on|upon)\s+(?:the value of\s+)?(?:the\s+)?", "", text, flags=re.IGNORECASE)


def _term(text):
    """One term as (kind, value, note): ('ad_valorem', Decimal, note or None),
    ('part', PartRate, None) or ('specific', Specific, None)."""
    sign = 1
    if text.startswith("-"):
        sign, text = -1, text[1:].strip()
    percent = _PERCENT.fullmatch(text)
    if percent is not None:
        value = Decimal(percent["number"])
        if percent["third"]:
            value += Decimal(int(percent["third"].strip()[0])) / 3
        rest = percent["rest"]
        if not rest or rest.lower() in _WHOLE_VALUE:
            return "ad_valorem", sign * value, rest or None
        if rest.lower().startswith(("on ", "upon ")):
            return "part", PartRate(sign * value, _part_name(rest)), None
        raise _Unparsed(NotComputable.UNRECOGNISED)
    if sign < 0:
        raise _Unparsed(NotComputable.UNRECOGNISED)
    degree = _DEGREE.fullmatch(text)
    if degree is not None:
        return "specific", _degree_term(degree), None
    amount = _AMOUNT.match(text)
    if amount is None:
        raise _Unparsed(NotComputable.UNRECOGNISED)
    rest = text[amount.end() :].strip()
    excess = re.fullmatch(rf"(?P<rest>.+?) over (?P<number>{_NUMBER})", rest)
    if excess is not None:
        rest = excess["rest"]
    if rest.lower() == "each":
        unit = "No."
    elif rest.startswith("/"):
        unit = _unit(rest)
    else:
        raise _Unparsed(NotComputable.UNRECOGNISED)
    return (
        "specific",
        Specific(
            amount=_amount(amount.group(0)),
            unit=unit,
            excess_over=Decimal(excess["number"]) if excess is not None else None,
        ),
        None,
    )


def _split_bounds(text):
    """(text without bounds, minimum text or None, maximum text or None)."""
    start = 0
    for degree in _DEGREE.finditer(text):
        start = degree.end()
    bounds = {"less": None, "more": None}
    clause = _BOUND.search(text, start)
    if clause is not None:
        head, tail = text[: clause.start()], text[clause.end() :]
        second = _BOUND.search(tail)
        if second is not None:
            bounds[second["which"]] = tail[second.end() :]
            tail = tail[: second.start()]
        bounds[clause["which"]] = tail
        return head, bounds["less"], bounds["more"]
    clause = _MIN_MAX.search(text, start)
    if clause is not None and clause.start() > 0:
        which = "less" if clause["which"] == "minimum" else "more"
        bounds[which] = clause["bound"]
        return text[: clause.start()], bounds["less"], bounds["more"]
    return text, None, None


def _bound(text):
    if text is None:
        return None
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    bound = _structure(text, relative=False)
    if bound.minimum is not None or bound.maximum is not None or bound.kind == Kind.FREE:
        raise _Unparsed(NotComputable.UNRECOGNISED)
    return bound


def _structure(text, relative, note=None):
    """The expression for a sum of terms; raises _Unparsed."""
    text, minimum, maximum = _split_bounds(text)
    text = re.sub(r"\s+-\s+", " + -", text)
    ad_valorem, terms, parts, reasons = None, [], [], []
    for part in text.split("+"):
        part = part.strip()
        if not part:
            continue
        try:
            kind, value, term_note = _term(part)
        except _Unparsed as error:
            reasons.append(error.reason)
            continue
        if kind == "ad_valorem":
            ad_valorem = value if ad_valorem is None else ad_valorem + value
            note = note or term_note
        else:
            (parts if kind == "part" else terms).append(value)
    if reasons:
        raise _Unparsed(max(reasons, key=_RANK.index))
    if ad_valorem is None and not terms:
        # Only percentages of parts' values: nothing is charged on the goods themselves.
        if parts:
            raise _Unparsed(NotComputable.COMPONENT_VALUE)
        if not relative:
            raise _Unparsed(NotComputable.UNRECOGNISED)
    return DutyExpression.build(
        ad_valorem=ad_valorem,
        specific=terms,
        parts=parts,
        relative=relative,
        minimum=_bound(minimum),
        maximum=_bound(maximum),
        note=note,
    )


def _relative(match):
    rest = match["rest"].strip()
    lowered = rest.lower()
    if "upon the value" in lowered or "content" in lowered:
        raise _Unparsed(NotComputable.COMPONENT_VALUE)
    rest = re.sub(r"^plus\b", "+", rest, flags=re.IGNORECASE)
    rest = re.sub(r"^minus\b\s*", "- ", rest, flags=re.IGNORECASE)
    rest = re.sub(r"^([+-])\s*a duty of\b", r"\1", rest, flags=re.IGNORECASE)
    if rest and not rest.startswith(("+", "-")):
        raise _Unparsed(NotComputable.UNRECOGNISED)
    note = f"base: subheadings {match['subheadings']}" if match["subheadings"] else None
    return _structure(" " + rest, relative=True, note=note)


@lru_cache(maxsize=8192)
def _parse(text):
    clean = normalise(text)
    if not clean:
        return DutyExpression(Kind.EMPTY, text, reason=NotComputable.EMPTY)
    free = _FREE.fullmatch(clean)
    if free is not None:
        return DutyExpression(Kind.FREE, text, note=free["note"] or free["paren"])
    for pattern, reason in (
        (_NO_CHANGE, NotComputable.NO_CHANGE),
        (_SEE_NOTE, NotComputable.SEE_NOTE),
        (_OTHER_LINE, NotComputable.OTHER_LINE),
        (_OTHER_BASIS, NotComputable.OTHER_BASIS),
    ):
        if pattern.search(clean) is not None:
            return DutyExpression.not_computable(text, reason)
    try:
        relative = _RELATIVE.fullmatch(clean)
        parsed = _structure(clean, False) if relative is None else _relative(relative)
    except _Unparsed as error:
        return DutyExpression.not_computable(text, error.reason)
    return replace(parsed, text=text)


def parse(text):
    """The structure of a rate text; never raises. None or blank text gives Kind.EMPTY."""
    if text is None:
        text = ""
    elif not isinstance(text, str):
        text = str(text)
    return _parse(text)


# The cache of parsed texts, as on a functools.lru_cache function.
parse.cache_info = _parse.cache_info
parse.cache_clear = _parse.cache_clear


_CODES = re.compile(r"\(\s*([A-Z]{1,2}[+*]?(?:\s*,\s*[A-Z]{1,2}[+*]?)*)\s*,?\s*\)")


def parse_special(text):
    """The special column as [(expression, [program codes]), ...], in the order written.

    "Free (A,AU) 2.3% (JP)" -> [(Free, ["A", "AU"]), (2.3%, ["JP"])]. A rate without codes
    after it comes with an empty list; a part that cannot be read is NOT_COMPUTABLE.
    """
    if not text or not text.strip():
        return []
    pairs, start = [], 0
    for match in _CODES.finditer(text):
        codes = [code.strip() for code in match.group(1).split(",") if code.strip()]
        pairs.append((parse(text[start : match.start()].strip()), codes))
        start = match.end()
    rest = text[start:].strip()
    if rest or not pairs:
        pairs.append((parse(rest), []))
    return pairs
