"""What the engine answers: per national line, the base rate, the layers that apply, the
measures that cover the product but do not apply (and why), and the total duty."""

from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal

from ..expressions import DutyExpression
from ..models.schedule import dotted
from ..wording import describe_rate


@dataclass(frozen=True)
class Skipped:
    """A measure that covers the product from the partner but adds nothing on the date."""

    measure: object
    reason: str  # one of REASONS
    detail: str
    by: object = None  # the measure that replaces, exempts or outranks it

    REASONS = (
        "replaced",
        "exempt",
        "outranked",
        "not_in_force",
        "announced",
        "partner_excepted",
        "product_excluded",
        "not_in_scope",
    )


@dataclass
class Layer:
    """A measure that applies: what it adds to the base rate on this line, and why."""

    measure: object
    state: object
    matched: str  # the scope line, annex line or "all products" that brings the product in
    sources: list = field(default_factory=list)
    adds: DutyExpression | None = None  # None: not computable (see `note`)
    note: str = ""
    quota: dict | None = None  # for a tariff-rate quota: both rates and which applies
    heading_text: str = ""  # the chapter 99 heading's description and rate, as published

    @property
    def form(self):
        return self.state.form

    @property
    def description(self):
        return describe_rate(self.state)

    @property
    def heading(self):
        return self.state.chapter99_heading

    @property
    def retroactive(self):
        return self.state.retroactive

    @property
    def why(self):
        measure = self.measure
        aimed = "every economy" if measure.applies_to_all_economies else "this partner"
        return (
            f"{measure.get_legal_basis_display()}: {self.matched} brings the product in; "
            f"aimed at {aimed}; {self.state.status_label.lower()} since {self.state.since:%Y-%m-%d}"
            + (
                f" (published {self.state.published_on:%Y-%m-%d}, retroactive)"
                if self.retroactive
                else ""
            )
        )


@dataclass
class LineAnswer:
    """The duty on one national line (or on the product, when no line is known)."""

    code: str
    description: str
    revision: object  # ScheduleRevision or None
    base_text: str
    base: DutyExpression | None
    layers: list[Layer]
    statistical_lines: list[str] = field(default_factory=list)
    unit_value: object = None  # UnitValue or None
    total: DutyExpression | None = None
    total_ad_valorem: Decimal | None = None
    not_computable: str = ""  # why the total (or its ad valorem figure) is not known

    @property
    def base_ad_valorem(self):
        if self.base is None:
            return None
        values = self.unit_value.as_mapping() if self.unit_value else {}
        return self.base.ad_valorem_equivalent(values)

    @property
    def dotted_code(self):
        return dotted(self.code) if len(self.code) in (8, 10) else self.code

    @property
    def statistical_dotted(self):
        return [dotted(code) for code in self.statistical_lines]

    @property
    def total_percent(self):
        """'27.5 %', or '' when not computable."""
        return _percent(self.total_ad_valorem)

    @property
    def base_percent(self):
        return _percent(self.base_ad_valorem)

    @property
    def total_text(self):
        return str(self.total) if self.total is not None else "not computable"


def _percent(value):
    if value is None:
        return ""
    return f"{value.quantize(Decimal('0.001')).normalize():f} %"


@dataclass
class DutyAnswer:
    importer: object
    exporter: object
    code: str
    on: Date
    known_on: Date | None
    lines: list[LineAnswer]
    skipped: list[Skipped]
    note: str = ""  # e.g. no national line in the schedule

    @property
    def lines_agree(self):
        totals = {(line.total_text, line.total_ad_valorem) for line in self.lines}
        return len(totals) <= 1

    @property
    def layers(self):
        """The layers of the first line: the same measures apply to every line of a code
        unless a scope line is narrower than the code asked."""
        return self.lines[0].layers if self.lines else []
