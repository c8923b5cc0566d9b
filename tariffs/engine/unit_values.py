"""Unit values of the stored trade flows: what an ad valorem equivalent is computed from."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from commodities.models import TradeFlow
from core.sql import Select, table

from ..expressions import canonical_unit

OWN = 'SUM(CASE WHEN flow."partner_id" = {{}} THEN {column} END)'
FLOW_COLUMNS = (
    "year",
    "source",
    "quantity_unit",
    "commodity_id",
    "all_value",
    "all_quantity",
    "own_value",
    "own_quantity",
)
# Annual imports of the codes with a quantity, by year, source, unit and code: all partners'
# totals, then the exporter's.
FLOWS = Select(
    [
        ("flow", TradeFlow, "year"),
        ("flow", TradeFlow, "source"),
        ("flow", TradeFlow, "quantity_unit"),
        ("flow", TradeFlow, "commodity"),
        ("flow", TradeFlow, "value_usd", "SUM({column})"),
        ("flow", TradeFlow, "quantity", "SUM({column})"),
        ("flow", TradeFlow, "value_usd", OWN),
        ("flow", TradeFlow, "quantity", OWN),
    ],
    table(TradeFlow, "flow"),
    'flow."reporter_id" = {} AND flow.flow = {} AND flow.month = {}'
    " AND flow.\"commodity_id\" IN ({}) AND flow.quantity > 0 AND flow.quantity_unit <> ''"
    " GROUP BY 1, 2, 3, 4",
)


@dataclass(frozen=True)
class UnitValue:
    unit: str
    value_per_unit: Decimal  # USD per unit
    year: int
    source: str
    partner: str  # the exporter's ISO code, or "all partners"

    def as_mapping(self):
        return {self.unit: self.value_per_unit}

    def __str__(self):
        return (
            f"USD {self.value_per_unit:.4f}/{self.unit} ({self.source}, {self.year}, "
            f"imports from {self.partner})"
        )


def unit_value(importer, exporter, code):
    """The latest annual unit value (value ÷ quantity) of the importer's imports of `code`
    (or of its HS6 subheading): from the exporter where recorded, else from all partners.
    None when no flow has a quantity."""
    codes = [code] if len(code) == 6 else [code, code[:6]]
    # One query: the exporter's figures and all partners' side by side.
    rows = [
        dict(zip(FLOW_COLUMNS, row, strict=True))
        for row in FLOWS.rows(
            exporter.pk,
            exporter.pk,
            importer.pk,
            TradeFlow.Direction.IMPORT.value,
            TradeFlow.ANNUAL,
            codes,
        )
    ]
    preference = list(settings.TRADE_SOURCE_PREFERENCE)
    rows.sort(
        key=lambda row: (
            -row["year"],
            len(row["commodity_id"]) != len(code),
            preference.index(row["source"]) if row["source"] in preference else 99,
        )
    )
    for prefix, partner in (("own_", exporter.iso3), ("all_", "all partners")):
        for row in rows:
            unit = canonical_unit(row["quantity_unit"])
            if unit and row[f"{prefix}quantity"]:
                return UnitValue(
                    unit=unit,
                    value_per_unit=row[f"{prefix}value"] / row[f"{prefix}quantity"],
                    year=row["year"],
                    source=row["source"],
                    partner=partner,
                )
    return None
