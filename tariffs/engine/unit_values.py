"""Unit values of the stored trade flows: what an ad valorem equivalent is computed from."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, Sum

from commodities.models import TradeFlow

from ..expressions import canonical_unit


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
    flows = TradeFlow.objects.filter(
        reporter=importer,
        flow=TradeFlow.Direction.IMPORT,
        month=TradeFlow.ANNUAL,
        commodity_id__in=codes,
        quantity__gt=0,
    ).exclude(quantity_unit="")
    preference = list(settings.TRADE_SOURCE_PREFERENCE)
    # One query: the exporter's figures and all partners' side by side.
    own = Q(partner=exporter)
    rows = list(
        flows.values("year", "source", "quantity_unit", "commodity_id")
        .annotate(
            all_value=Sum("value_usd"),
            all_quantity=Sum("quantity"),
            own_value=Sum("value_usd", filter=own),
            own_quantity=Sum("quantity", filter=own),
        )
        .order_by()
    )
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
