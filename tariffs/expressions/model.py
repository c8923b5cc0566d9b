"""The structure of a duty expression: its kind, ad valorem part and specific terms."""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from . import evaluate as _evaluate
from .terms import PartRate, Specific, decimal_or_none, text_or_none
from .units import canonical_unit, format_percent


class Kind(StrEnum):
    """What a rate text is. COMPOUND has specific terms and a percentage (of the value or of
    a part's value); RELATIVE adds to the product's own base rate."""

    EMPTY = "empty"
    FREE = "free"
    AD_VALOREM = "ad_valorem"
    SPECIFIC = "specific"
    COMPOUND = "compound"
    RELATIVE = "relative"
    NOT_COMPUTABLE = "not_computable"


class NotComputable(StrEnum):
    """Why a text has no computable structure (the `reason` of an expression)."""

    # "The rate applicable to each garment in the ensemble ...", "See 9822.05.20"
    OTHER_LINE = "depends on another line's rate"
    # Only percentages of a part's value: "2.5% on the value of the lead content"
    COMPONENT_VALUE = "on the value of a component"
    # "3 percent of the fair retail value", "A duty upon the value of the repairs ..."
    OTHER_BASIS = "on another value basis"
    # "See additional U.S. note 1"
    SEE_NOTE = "see a note"
    NO_CHANGE = "no change"
    UNRECOGNISED = "unrecognised"
    # The reason of an EMPTY expression
    EMPTY = "no rate text"


@dataclass(frozen=True)
class DutyExpression:
    """One rate text and its structure.

    The duty is the sum of `ad_valorem` (percent of the customs value), the `specific`
    amounts per unit of quantity and the `parts` (percent of a named part's value).
    `relative` marks a rate that adds to the product's own base rate; its other fields are
    the addition. `minimum` and `maximum` bound the whole duty ("but not less than ...").
    `note` keeps wording that does not change the computation ("under bond").
    """

    kind: Kind
    text: str = ""
    ad_valorem: Decimal | None = None
    specific: tuple[Specific, ...] = ()
    relative: bool = False
    reason: str | None = None
    note: str | None = None
    minimum: "DutyExpression | None" = field(default=None)
    maximum: "DutyExpression | None" = field(default=None)
    parts: tuple[PartRate, ...] = ()

    # Construction

    @classmethod
    def free(cls):
        return cls(Kind.FREE, "Free")

    @classmethod
    def ad_valorem_rate(cls, percent):
        return cls.build(ad_valorem=Decimal(percent))

    @classmethod
    def specific_rate(cls, amount, unit):
        return cls.build(specific=(Specific(Decimal(amount), canonical_unit(unit) or unit),))

    @classmethod
    def relative_rate(cls, percent=None):
        """A rate that adds `percent` points to the base rate ("base + 25%")."""
        return cls.build(ad_valorem=None if percent is None else Decimal(percent), relative=True)

    @classmethod
    def not_computable(cls, text, reason):
        return cls(Kind.NOT_COMPUTABLE, text, reason=str(reason))

    @classmethod
    def build(
        cls,
        ad_valorem=None,
        specific=(),
        parts=(),
        relative=False,
        minimum=None,
        maximum=None,
        note=None,
    ):
        """An expression of the kind its terms call for; its text is the canonical form."""
        specific, parts = tuple(specific), tuple(parts)
        bounds = [bound for bound in (minimum, maximum) if bound is not None]
        has_specific = bool(specific) or any(bound.specific for bound in bounds)
        has_percent = (
            ad_valorem is not None
            or bool(parts)
            or any(bound.ad_valorem is not None or bound.parts for bound in bounds)
        )
        if relative:
            kind = Kind.RELATIVE
        elif has_specific and has_percent:
            kind = Kind.COMPOUND
        elif has_specific:
            kind = Kind.SPECIFIC
        elif has_percent:
            kind = Kind.AD_VALOREM
        else:
            kind = Kind.FREE
        expr = cls(kind, "", ad_valorem, specific, relative, None, note, minimum, maximum, parts)
        # Its text is its canonical form; set once, on the new object (not a second copy).
        object.__setattr__(expr, "text", str(expr))
        return expr

    # What evaluation needs

    @property
    def is_computable(self):
        """Whether the text has a structure to evaluate (not EMPTY or NOT_COMPUTABLE)."""
        return self.kind not in (Kind.EMPTY, Kind.NOT_COMPUTABLE)

    @property
    def needs_degrees(self):
        return any(term.needs_degrees for term in self._terms("specific"))

    @property
    def units_needed(self):
        """Units whose quantity (or unit value) the specific terms need."""
        return frozenset(term.unit for term in self._terms("specific"))

    @property
    def parts_needed(self):
        """Parts whose value the part terms need ("case", "battery")."""
        return frozenset(term.part for term in self._terms("parts"))

    def _terms(self, name):
        terms = list(getattr(self, name))
        for bound in (self.minimum, self.maximum):
            if bound is not None:
                terms.extend(bound._terms(name))
        return terms

    # Computation

    def evaluate(self, value, quantities=None, degrees=None, parts=None):
        """Duty in USD on customs value `value`, `quantities` ({unit: amount}), the sugar
        `degrees` for degree-dependent rates and `parts` ({part: value}) for part terms.

        None when something needed is missing or the text is not computable; FREE gives 0.
        For a relative rate, the duty it adds to the base rate.
        """
        return _evaluate.duty(self, value, quantities, degrees, parts)

    def ad_valorem_equivalent(self, unit_values=None, degrees=None, part_shares=None):
        """The duty as a percentage of value, from {unit: USD value of one unit} (and
        {part: share of the goods' value} for part terms); None when one is missing.
        """
        return _evaluate.ad_valorem_equivalent(self, unit_values, degrees, part_shares)

    def __add__(self, other):
        if not isinstance(other, DutyExpression):
            return NotImplemented
        return _evaluate.add(self, other)

    def apply_to(self, base):
        """For a relative rate, the rate it gives on top of `base`; otherwise itself."""
        return base + self if self.relative else self

    # Text and serialisation

    def __str__(self):
        if self.kind == Kind.EMPTY:
            return ""
        if self.kind == Kind.NOT_COMPUTABLE:
            return " ".join(self.text.split())
        terms = ["base"] if self.relative else []
        terms += [str(term) for term in self.specific]
        if self.ad_valorem is not None:
            terms.append(f"{format_percent(self.ad_valorem)}%")
        terms += [str(term) for term in self.parts]
        if not terms:
            return "Free"
        text = " + ".join(terms).replace(" + -", " - ")
        if self.minimum is not None:
            text += f" but not less than {_bound(self.minimum)}"
        if self.maximum is not None:
            text += f" but not more than {_bound(self.maximum)}"
        return text

    def to_dict(self):
        return {
            "kind": str(self.kind),
            "text": self.text,
            "ad_valorem": text_or_none(self.ad_valorem),
            "specific": [term.to_dict() for term in self.specific],
            "parts": [term.to_dict() for term in self.parts],
            "relative": self.relative,
            "reason": text_or_none(self.reason),
            "note": self.note,
            "minimum": None if self.minimum is None else self.minimum.to_dict(),
            "maximum": None if self.maximum is None else self.maximum.to_dict(),
        }

    @classmethod
    def from_dict(cls, data):
        def bound(name):
            return None if data.get(name) is None else cls.from_dict(data[name])

        return cls(
            kind=Kind(data["kind"]),
            text=data.get("text", ""),
            ad_valorem=decimal_or_none(data.get("ad_valorem")),
            specific=tuple(Specific.from_dict(term) for term in data.get("specific") or ()),
            relative=bool(data.get("relative", False)),
            reason=data.get("reason"),
            note=data.get("note"),
            minimum=bound("minimum"),
            maximum=bound("maximum"),
            parts=tuple(PartRate.from_dict(term) for term in data.get("parts") or ()),
        )


def _bound(expr):
    text = str(expr)
    return f"({text})" if " + " in text or " - " in text else text
