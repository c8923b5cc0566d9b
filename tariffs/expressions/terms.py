"""The terms a duty is the sum of: amounts per unit, and percentages of a part's value."""

from dataclasses import dataclass
from decimal import Decimal

from .units import format_number, format_percent, format_rate


def text_or_none(value):
    return None if value is None else str(value)


def decimal_or_none(value):
    return None if value is None else Decimal(value)


@dataclass(frozen=True)
class Specific:
    """A duty of `amount` USD per `unit` of quantity.

    With `per_degree_reduction` and `degree_threshold`, the amount per unit falls by
    `per_degree_reduction` for each degree (and fraction of a degree) under the threshold;
    `minimum` and `maximum` bound the amount per unit. With `excess_over`, only the quantity
    above it is charged ("2.8¢/jewel over 7").
    """

    amount: Decimal
    unit: str
    per_degree_reduction: Decimal | None = None
    degree_threshold: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    excess_over: Decimal | None = None

    @property
    def needs_degrees(self):
        return self.per_degree_reduction is not None and self.degree_threshold is not None

    @property
    def is_plain(self):
        return (
            not self.needs_degrees
            and self.minimum is None
            and self.maximum is None
            and self.excess_over is None
        )

    def __str__(self):
        text = format_rate(self.amount, self.unit)
        if self.excess_over is not None:
            text += f" over {format_number(self.excess_over)}"
        if self.needs_degrees:
            text += (
                f" less {format_rate(self.per_degree_reduction, self.unit)} for each degree"
                f" under {format_number(self.degree_threshold)} degrees"
                " (and fractions of a degree in proportion)"
            )
        if self.minimum is not None:
            text += f" but not less than {format_rate(self.minimum, self.unit)}"
        if self.maximum is not None:
            text += f" but not more than {format_rate(self.maximum, self.unit)}"
        return text

    def to_dict(self):
        return {
            "amount": str(self.amount),
            "unit": self.unit,
            "per_degree_reduction": text_or_none(self.per_degree_reduction),
            "degree_threshold": text_or_none(self.degree_threshold),
            "minimum": text_or_none(self.minimum),
            "maximum": text_or_none(self.maximum),
            "excess_over": text_or_none(self.excess_over),
        }

    @classmethod
    def from_dict(cls, data):
        return cls(
            amount=Decimal(data["amount"]),
            unit=data["unit"],
            per_degree_reduction=decimal_or_none(data.get("per_degree_reduction")),
            degree_threshold=decimal_or_none(data.get("degree_threshold")),
            minimum=decimal_or_none(data.get("minimum")),
            maximum=decimal_or_none(data.get("maximum")),
            excess_over=decimal_or_none(data.get("excess_over")),
        )


@dataclass(frozen=True)
class PartRate:
    """`percent` of the value of a named part of the goods ("6.9% on the case").

    Used where the schedule charges a part separately (watch cases, straps, batteries),
    next to a duty on the article itself.
    """

    percent: Decimal
    part: str

    def __str__(self):
        return f"{format_percent(self.percent)}% on the {self.part}"

    def to_dict(self):
        return {"percent": str(self.percent), "part": self.part}

    @classmethod
    def from_dict(cls, data):
        return cls(percent=Decimal(data["percent"]), part=data["part"])
