"""Trade flows from a CSV file in our own format: the bundled sample, or any file like it.

Columns: reporter,partner,hs_code,year,month,flow,value_usd,quantity,quantity_unit
(economies by ISO alpha-3; month 0 for a whole year; flow M or X; quantity and its unit may be
empty). The file is read as it streams into the write, so its size is not bounded by memory.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .base import Connector, FlowRecord, Heartbeat, MalformedResponse, RefreshError, no_heartbeat

COLUMNS = (
    "reporter",
    "partner",
    "hs_code",
    "year",
    "month",
    "flow",
    "value_usd",
    "quantity",
    "quantity_unit",
)
REQUIRED = COLUMNS[:7]
LABELS = ("file", "illustrative")

# The demo's illustrative magnitudes in the file format, for offline use: its rows are stored
# as "illustrative", never as sourced figures.
SAMPLE_PATH = Path(__file__).with_name("sample_trade_flows.csv")


@dataclass(frozen=True)
class FileQuery:
    path: str
    # The TradeFlow source its rows are stored under: "file", or "illustrative" for the sample.
    label: str = "file"

    def __post_init__(self):
        if self.label not in LABELS:
            raise RefreshError(f"label {self.label!r} is not one of {', '.join(LABELS)}")

    @classmethod
    def sample(cls):
        return cls(path=str(SAMPLE_PATH), label="illustrative")

    @property
    def is_sample(self):
        return Path(self.path) == SAMPLE_PATH

    def as_parameters(self) -> dict:
        return {"path": "sample" if self.is_sample else self.path, "label": self.label}


class FileConnector(Connector):
    source = "file"
    remote = False

    def series(self, query: FileQuery) -> str:
        return f"file:{query.label}"

    def flow_source(self, query: FileQuery) -> str:
        return query.label

    def fetch(self, query: FileQuery, heartbeat: Heartbeat = no_heartbeat) -> Iterator:
        try:
            # Closed by the `with` below; opened apart so that a missing file is a clear error.
            handle = open(query.path, encoding="utf-8-sig", newline="")  # noqa: SIM115
        except OSError as error:
            raise RefreshError(f"cannot open {query.path}: {error.strerror or error}") from None
        with handle:
            reader = csv.DictReader(handle)
            try:
                header = [name.strip() for name in reader.fieldnames or []]
                missing = [name for name in REQUIRED if name not in header]
                if missing:
                    raise MalformedResponse(
                        f"{query.path}: the header lacks column(s) {', '.join(missing)}; "
                        f"expected {','.join(COLUMNS)}"
                    )
                reader.fieldnames = header
                for record in reader:
                    yield parse_line(record, f"{query.path}, line {reader.line_num}")
            except (csv.Error, UnicodeDecodeError) as error:
                raise MalformedResponse(
                    f"{query.path}: cannot read line {reader.line_num + 1}: {error}"
                ) from None


def parse_line(record: dict, where: str) -> FlowRecord:
    def field(name):
        return (record.get(name) or "").strip()

    for name in REQUIRED:
        if not field(name):
            raise MalformedResponse(f"{where}: {name} is empty")
    quantity = field("quantity")
    return FlowRecord(
        reporter=field("reporter"),
        partner=field("partner"),
        hs_code=field("hs_code"),
        year=integer(field("year"), where, "year"),
        month=integer(field("month"), where, "month"),
        flow=field("flow"),
        value_usd=decimal(field("value_usd"), where, "value_usd"),
        quantity=decimal(quantity, where, "quantity") if quantity else None,
        quantity_unit=field("quantity_unit"),
    )


def integer(text, where, name) -> int:
    if not text.isdigit():
        raise MalformedResponse(f"{where}: {name} {text!r} is not a whole number")
    return int(text)


def decimal(text, where, name) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise MalformedResponse(f"{where}: {name} {text!r} is not a number") from None
    if not value.is_finite():
        raise MalformedResponse(f"{where}: {name} {text!r} is not a number")
    return value
