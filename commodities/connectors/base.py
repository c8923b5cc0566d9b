"""What every connector shares: the records it yields, the query it answers, its errors.

A connector turns one external source into records; it never writes to the database. The
refresh service (`commodities.ingest`) resolves the records to our economies and HS codes
and writes them, all or nothing.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

# Called while a connector waits or makes progress, so that a lock held for it stays alive.
Heartbeat = Callable[[], None]


def no_heartbeat() -> None:
    return None


class RefreshError(Exception):
    """A refresh cannot complete; the message says why, for the run record and the log."""


class FetchError(RefreshError):
    """The source could not be reached, or refused the request, after any retries."""


class MalformedResponse(RefreshError):
    """The source answered with something that is not what its format promises."""


@dataclass(frozen=True, slots=True)
class FlowRecord:
    """One trade figure as a source has it; economies are in the source's own codes."""

    reporter: str
    partner: str
    hs_code: str
    year: int
    month: int  # 0 for a whole year
    flow: str  # "M" or "X"
    value_usd: Decimal
    quantity: Decimal | None = None
    quantity_unit: str = ""


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One Federal Register document."""

    document_number: str
    title: str
    document_type: str
    publication_date: Any  # datetime.date
    url: str
    abstract: str


@dataclass(frozen=True)
class SeriesQuery:
    """Trade between two economies (ISO alpha-3) in some HS codes over some years."""

    reporter: str
    partner: str
    codes: tuple[str, ...]
    years: tuple[int, ...]
    frequency: str = "A"  # "A" annual, "M" monthly
    flows: tuple[str, ...] = ("M", "X")

    def as_parameters(self) -> dict:
        return {
            "reporter": self.reporter,
            "partner": self.partner,
            "codes": list(self.codes),
            "years": list(self.years),
            "frequency": self.frequency,
            "flows": list(self.flows),
        }


class Connector:
    """The interface every source implements.

    `fetch` yields records (FlowRecord for trade sources, DocumentRecord for notices) and
    raises RefreshError subclasses with a message fit for the run record. `reporter_key` and
    `partner_key` name the Economy fields that the records' reporter and partner codes match.
    """

    source: ClassVar[str]
    reporter_key: ClassVar[str] = "iso3"
    partner_key: ClassVar[str] = "iso3"
    # Remote sources are read completely before the write transaction opens, so that no
    # transaction stays open across network waits; a local file streams into it.
    remote: ClassVar[bool] = True

    def series(self, query) -> str:
        """The lock key of what `query` refreshes: runs of one series never overlap."""
        raise NotImplementedError

    def parameters(self, query) -> dict:
        """What the run record keeps of the query."""
        return query.as_parameters()

    def flow_source(self, query) -> str:
        """The TradeFlow source that the fetched rows are stored under."""
        return self.source

    def fetch(self, query, heartbeat: Heartbeat = no_heartbeat) -> Iterator:
        raise NotImplementedError


@dataclass
class FieldReader:
    """Reads typed fields from one record of a response, with errors that say where."""

    where: str
    record: Any

    def value(self, name, *, optional=False):
        if not isinstance(self.record, dict):
            raise MalformedResponse(
                f"{self.where}: expected an object, got {type(self.record).__name__}"
            )
        if name not in self.record:
            if optional:
                return None
            raise MalformedResponse(f"{self.where}: field '{name}' is missing")
        return self.record[name]

    def number(self, name, *, optional=False) -> Decimal | None:
        value = self.value(name, optional=optional)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.wrong_type(name, "a number", value)
        return Decimal(str(value))

    def integer(self, name) -> int:
        value = self.value(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.wrong_type(name, "an integer", value)
        return value

    def text(self, name, *, optional=False) -> str | None:
        value = self.value(name, optional=optional)
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise self.wrong_type(name, "a string", value)
        return value

    def wrong_type(self, name, expected, value) -> MalformedResponse:
        return MalformedResponse(
            f"{self.where}: field '{name}' should be {expected}, got {describe_value(value)}"
        )


def describe_value(value) -> str:
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{type(value).__name__} {shown}"


def decimal_from_text(text: str, where: str, name: str) -> Decimal:
    """A decimal written as text, e.g. Census values; anything else is a malformed response."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise MalformedResponse(
            f"{where}: field '{name}' should be a decimal number, got {text!r}"
        ) from None
    if not value.is_finite():
        raise MalformedResponse(f"{where}: field '{name}' should be a decimal number, got {text!r}")
    return value
