"""Resolving fetched records to our economies and HS codes, with their figures checked."""

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import NamedTuple

from core.models import Economy

from ..connectors import RefreshError
from ..connectors.base import FlowRecord
from ..models import Commodity, TradeFlow

CENT = Decimal("0.01")
MILLI = Decimal("0.001")
VALUE_LIMIT = Decimal(10) ** 16  # value_usd has 18 digits, 2 of them decimals
QUANTITY_LIMIT = Decimal(10) ** 17  # quantity has 20 digits, 3 of them decimals
UNIT_MAX_LENGTH = TradeFlow._meta.get_field("quantity_unit").max_length
ECONOMY_KEY_LABELS = {
    "iso3": "ISO code",
    "comtrade_code": "UN Comtrade code",
    "census_code": "US Census code",
}


class IngestError(RefreshError):
    """The fetched rows cannot be stored as they are."""


class TradeFlowRow(NamedTuple):
    """A trade figure ready to store: economies and commodity resolved, values rounded."""

    reporter_id: int
    partner_id: int
    commodity_id: str
    year: int
    month: int
    flow: str
    value_usd: Decimal
    quantity: Decimal | None
    quantity_unit: str


def economy_ids(key: str) -> dict[str, int]:
    pairs = Economy.objects.exclude(**{f"{key}__isnull": True}).values_list(key, "pk")
    return {str(code): pk for code, pk in pairs}


def resolve_flows(
    records: Iterable[FlowRecord], reporter_key="iso3", partner_key="iso3"
) -> Iterator[TradeFlowRow]:
    """Each record as a TradeFlowRow; an IngestError names the first record that cannot be one."""
    reporters = economy_ids(reporter_key)
    partners = reporters if partner_key == reporter_key else economy_ids(partner_key)
    codes = set(Commodity.objects.values_list("code", flat=True))
    for record in records:
        where = describe(record)
        reporter = reporters.get(record.reporter)
        if reporter is None:
            raise IngestError(
                f"{where}: no economy has the {ECONOMY_KEY_LABELS[reporter_key]} {record.reporter}"
            )
        partner = partners.get(record.partner)
        if partner is None:
            raise IngestError(
                f"{where}: no economy has the {ECONOMY_KEY_LABELS[partner_key]} {record.partner}"
            )
        if reporter == partner:
            raise IngestError(f"{where}: the reporter is also the partner")
        if record.hs_code not in codes:
            raise IngestError(
                f"{where}: HS code {record.hs_code} is not in the nomenclature; "
                "load it first (manage.py import_hs)"
            )
        if record.flow not in TradeFlow.Direction.values:
            raise IngestError(f"{where}: flow {record.flow!r} is neither M nor X")
        if not 1950 <= record.year <= 2100 or not 0 <= record.month <= 12:
            raise IngestError(f"{where}: the period is out of range")
        yield TradeFlowRow(
            reporter,
            partner,
            record.hs_code,
            record.year,
            record.month,
            record.flow,
            checked_amount(record.value_usd, CENT, VALUE_LIMIT, where, "value"),
            None
            if record.quantity is None
            else checked_amount(record.quantity, MILLI, QUANTITY_LIMIT, where, "quantity"),
            checked_unit(record.quantity_unit, where),
        )


def describe(record: FlowRecord) -> str:
    period = f"{record.year}-{record.month:02d}" if record.month else str(record.year)
    return f"{record.reporter}/{record.partner} {record.hs_code} {period} {record.flow}"


def describe_key(key) -> str:
    """A series point (reporter_id, partner_id, code, year, month, flow), for a message."""
    reporter_id, partner_id, code, year, month, flow = key
    iso3 = dict(Economy.objects.filter(pk__in=[reporter_id, partner_id]).values_list("pk", "iso3"))
    period = f"{year}-{month:02d}" if month else str(year)
    return f"{iso3.get(reporter_id)}/{iso3.get(partner_id)} {code} {period} {flow}"


def checked_amount(value: Decimal, step: Decimal, limit: Decimal, where: str, name: str):
    if value < 0:
        raise IngestError(f"{where}: the {name} {value} is negative")
    if value >= limit:
        raise IngestError(f"{where}: the {name} {value} is too large to store")
    return value.quantize(step)


def checked_unit(unit: str, where: str) -> str:
    if len(unit) > UNIT_MAX_LENGTH:
        raise IngestError(f"{where}: the unit {unit!r} is longer than {UNIT_MAX_LENGTH}")
    return unit
