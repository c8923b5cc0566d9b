"""The idempotent bulk upsert of trade flows: COPY and one merge on PostgreSQL, else portable."""

import io
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import ProgrammingError, connection, transaction

from core.models import DataVersion

from ..models import TradeFlow
from .resolve import IngestError, TradeFlowRow, describe_key

CHUNK_SIZE = 20_000
SERIES_KEY = ("source", "reporter", "partner", "commodity", "year", "month", "flow")
CARDINALITY_VIOLATION = "21000"


@dataclass(frozen=True)
class UpsertResult:
    """Unpacks as (inserted, updated); `unchanged` counts rows already stored as they were."""

    inserted: int
    updated: int
    unchanged: int = 0

    def __iter__(self):
        return iter((self.inserted, self.updated))


def upsert_trade_flows(
    rows: Iterable[TradeFlowRow],
    source: str,
    fetched_at,
    *,
    chunk_size: int = CHUNK_SIZE,
    heartbeat: Callable[[], None] | None = None,
) -> UpsertResult:
    """Insert or update trade flows of `source`, in one transaction; (inserted, updated).

    `rows` may be any iterable, a generator included: it is consumed in chunks, never held
    whole. A row whose figures (value, quantity, unit) equal the stored ones is left untouched,
    its `fetched_at` included, so running the same refresh twice leaves the same rows. One
    series point twice in `rows` is an error, and nothing is written.
    """
    heartbeat = heartbeat or (lambda: None)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            result = _upsert_postgresql(rows, source, fetched_at, chunk_size, heartbeat)
        else:
            result = _upsert_portable(rows, source, fetched_at, chunk_size, heartbeat)
        if result.inserted or result.updated:
            # A bulk write sends no post_save, so the data version is bumped here.
            DataVersion.bump()
    return result


def chunked(iterable, size):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


STAGING_TABLE = "tradeflow_staging"
STAGING_COLUMNS = (
    "reporter_id",
    "partner_id",
    "commodity_id",
    "year",
    "month",
    "flow",
    "value_usd",
    "quantity",
    "quantity_unit",
)
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_line(row: TradeFlowRow) -> str:
    """One row in COPY's text format."""
    quantity = "\\N" if row.quantity is None else str(row.quantity)
    unit = row.quantity_unit.translate(_COPY_ESCAPES)
    return (
        f"{row.reporter_id}\t{row.partner_id}\t{row.commodity_id}\t{row.year}\t{row.month}\t"
        f"{row.flow}\t{row.value_usd}\t{quantity}\t{unit}\n"
    )


def copy_from(cursor, sql: str, text: str) -> None:
    """COPY ... FROM STDIN with psycopg2, or psycopg 3 should the project move to it."""
    raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
    if hasattr(raw, "copy_expert"):
        raw.copy_expert(sql, io.StringIO(text))
    else:
        with raw.copy(sql) as copy:
            copy.write(text)


def _upsert_postgresql(rows, source, fetched_at, chunk_size, heartbeat) -> UpsertResult:
    quote = connection.ops.quote_name
    table = quote(TradeFlow._meta.db_table)
    key = ", ".join(quote(TradeFlow._meta.get_field(name).column) for name in SERIES_KEY)
    columns = ", ".join(STAGING_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGING_TABLE} ("
            "reporter_id bigint NOT NULL, partner_id bigint NOT NULL, "
            "commodity_id varchar(10) NOT NULL, year smallint NOT NULL, "
            "month smallint NOT NULL, flow varchar(1) NOT NULL, "
            "value_usd numeric(18, 2) NOT NULL, quantity numeric(20, 3), "
            "quantity_unit varchar(20) NOT NULL"
            ") ON COMMIT DROP"
        )
        staged = 0
        for chunk in chunked(rows, chunk_size):
            copy_from(
                cursor,
                f"COPY {STAGING_TABLE} ({columns}) FROM STDIN",
                "".join(map(copy_line, chunk)),
            )
            staged += len(chunk)
            heartbeat()
        # ON CONFLICT alone would not catch a point staged twice when one of the two equals
        # the stored row (that one is skipped, not updated), so the last would silently win.
        cursor.execute(
            f"SELECT {', '.join(STAGING_COLUMNS[:6])} FROM {STAGING_TABLE} "
            f"GROUP BY {', '.join(STAGING_COLUMNS[:6])} HAVING count(*) > 1 LIMIT 1"
        )
        twice = cursor.fetchone()
        if twice:
            raise IngestError(f"{describe_key(twice)} is in the rows more than once")
        # xmax is 0 on a freshly inserted row version, non-zero on an updated one.
        try:
            cursor.execute(
                f"""
                WITH merged AS (
                    INSERT INTO {table} AS stored
                        (source, {columns}, fetched_at)
                    SELECT %s, {columns}, %s FROM {STAGING_TABLE}
                    ON CONFLICT ({key}) DO UPDATE SET
                        value_usd = EXCLUDED.value_usd,
                        quantity = EXCLUDED.quantity,
                        quantity_unit = EXCLUDED.quantity_unit,
                        fetched_at = EXCLUDED.fetched_at
                    WHERE (stored.value_usd, stored.quantity, stored.quantity_unit)
                        IS DISTINCT FROM
                        (EXCLUDED.value_usd, EXCLUDED.quantity, EXCLUDED.quantity_unit)
                    RETURNING (xmax = 0) AS inserted
                )
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
                FROM merged
                """,
                [source, fetched_at],
            )
        except ProgrammingError as error:
            if getattr(error.__cause__, "pgcode", None) == CARDINALITY_VIOLATION:
                raise IngestError("the rows hold the same series point more than once") from None
            raise
        inserted, updated = cursor.fetchone()
        cursor.execute(f"DROP TABLE {STAGING_TABLE}")
    return UpsertResult(inserted, updated, staged - inserted - updated)


def _upsert_portable(rows, source, fetched_at, chunk_size, heartbeat) -> UpsertResult:
    seen = set()
    inserted = updated = unchanged = 0
    # SQLite caps the parameters of one statement; small batches stay under it.
    for chunk in chunked(rows, min(chunk_size, 2_000)):
        stored = {}
        candidates = TradeFlow.objects.filter(
            source=source,
            reporter_id__in={row.reporter_id for row in chunk},
            partner_id__in={row.partner_id for row in chunk},
            commodity_id__in={row.commodity_id for row in chunk},
            year__in={row.year for row in chunk},
        ).values_list(*STAGING_COLUMNS)
        for values in candidates:
            stored[values[:6]] = values[6:]
        writes = []
        for row in chunk:
            key = row[:6]
            if key in seen:
                raise IngestError(f"{describe_key(key)} is in the rows more than once")
            seen.add(key)
            figures = stored.get(key)
            if figures == (row.value_usd, row.quantity, row.quantity_unit):
                unchanged += 1
                continue
            if figures is None:
                inserted += 1
            else:
                updated += 1
            writes.append(
                TradeFlow(
                    source=source,
                    reporter_id=row.reporter_id,
                    partner_id=row.partner_id,
                    commodity_id=row.commodity_id,
                    year=row.year,
                    month=row.month,
                    flow=row.flow,
                    value_usd=row.value_usd,
                    quantity=row.quantity,
                    quantity_unit=row.quantity_unit,
                    fetched_at=fetched_at,
                )
            )
        TradeFlow.objects.bulk_create(
            writes,
            batch_size=500,
            update_conflicts=True,
            unique_fields=list(SERIES_KEY),
            update_fields=["value_usd", "quantity", "quantity_unit", "fetched_at"],
        )
        heartbeat()
    return UpsertResult(inserted, updated, unchanged)
