"""Writing what the connectors fetch: one series at a time, all or nothing, every run recorded.

    run = refresh_series(connector_for("comtrade"), SeriesQuery("USA", "JPN", codes, years))
    run.status, run.rows_inserted, run.rows_updated, run.error

- Trade flows are written by `upsert_trade_flows`, an idempotent bulk upsert: on PostgreSQL
  the rows are copied into a temporary staging table and merged with one
  INSERT ... ON CONFLICT DO UPDATE; elsewhere (SQLite) by a portable path. A row already
  stored with the same figures is left as it is, so a second identical refresh writes nothing.
- A run is one transaction for its rows: a malformed answer, an unknown economy or HS code,
  or a lost lock leaves the table as it was, and the run is recorded as failed with the reason.
- Two runs of one series never overlap: a Redis lock with REDIS_URL, a process lock without.
- HS codes that are not in the nomenclature fail the run instead of being created: the table
  is loaded from the HS source (`import_hs`), and a code no one described would mislead.
"""

import io
import itertools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db import DataError, IntegrityError, ProgrammingError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from negotiations.models import DataVersion, Economy, Negotiation
from tariffs.models import Measure, PendingUpdate, ScopeLine

from .connectors import CensusConnector, ComtradeConnector, RefreshError, SeriesQuery
from .connectors.base import Connector, DocumentRecord, FlowRecord
from .models import Commodity, RefreshRun, TradeFlow

logger = logging.getLogger("commodities.ingest")

CHUNK_SIZE = 20_000
CENT = Decimal("0.01")
MILLI = Decimal("0.001")
VALUE_LIMIT = Decimal(10) ** 16  # value_usd has 18 digits, 2 of them decimals
QUANTITY_LIMIT = Decimal(10) ** 17  # quantity has 20 digits, 3 of them decimals
UNIT_MAX_LENGTH = TradeFlow._meta.get_field("quantity_unit").max_length
SERIES_KEY = ("source", "reporter", "partner", "commodity", "year", "month", "flow")
CARDINALITY_VIOLATION = "21000"
ECONOMY_KEY_LABELS = {
    "iso3": "ISO code",
    "comtrade_code": "UN Comtrade code",
    "census_code": "US Census code",
}


class IngestError(RefreshError):
    """The fetched rows cannot be stored as they are."""


class SeriesBusy(Exception):
    """Another run of the same series holds its lock."""

    def __init__(self, series):
        super().__init__(f"a refresh of {series} is already running")
        self.series = series


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


@dataclass(frozen=True)
class UpsertResult:
    """Unpacks as (inserted, updated); `unchanged` counts rows already stored as they were."""

    inserted: int
    updated: int
    unchanged: int = 0

    def __iter__(self):
        return iter((self.inserted, self.updated))


# --- Resolving records to our economies and HS codes -----------------------------------------


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


# --- The bulk upsert --------------------------------------------------------------------------


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


# --- Pending updates from the Federal Register ------------------------------------------------


def store_pending_updates(
    records: Iterable[DocumentRecord], fetched_at, heartbeat=None
) -> UpsertResult:
    """Add the documents not seen before as new pending updates.

    A known document is left as it is: its review (linked, dismissed) is the editor's.
    A document listed twice (pages shift when one is published between two requests) counts
    once.
    """
    documents = {}
    for record in records:
        documents.setdefault(record.document_number, record)
    for record in documents.values():
        check_document(record)
    known = set(
        PendingUpdate.objects.filter(document_number__in=list(documents)).values_list(
            "document_number", flat=True
        )
    )
    new = [
        PendingUpdate(
            document_number=record.document_number,
            title=record.title,
            document_type=record.document_type,
            publication_date=record.publication_date,
            url=record.url,
            abstract=record.abstract,
            fetched_at=fetched_at,
        )
        for number, record in documents.items()
        if number not in known
    ]
    PendingUpdate.objects.bulk_create(new)
    if new:
        DataVersion.bump()
    return UpsertResult(inserted=len(new), updated=0, unchanged=len(documents) - len(new))


def check_document(record: DocumentRecord) -> None:
    for name in ("document_number", "document_type", "url"):
        limit = PendingUpdate._meta.get_field(name).max_length
        if len(getattr(record, name)) > limit:
            raise IngestError(
                f"document {record.document_number[:40]}: {name} is longer than {limit}"
            )


# --- Series locks -----------------------------------------------------------------------------


class RedisSeriesLock:
    """A Redis lock that expires unless its run shows signs of life (`keep_alive`).

    The expiry frees a series whose worker was killed; the renewals keep a long run's lock.
    """

    def __init__(self, key: str, timeout: float):
        import redis

        self.client = redis.Redis.from_url(settings.REDIS_URL)
        self.lock = self.client.lock(key, timeout=timeout)

    def acquire(self) -> bool:
        return self.lock.acquire(blocking=False)

    def keep_alive(self) -> None:
        from redis.exceptions import LockError

        try:
            self.lock.reacquire()
        except LockError:
            raise RefreshError(
                "the series lock expired while the run was waiting; another run may have "
                "started, so this one stops without writing"
            ) from None

    def release(self) -> None:
        from redis.exceptions import LockError

        try:
            self.lock.release()
        except LockError:
            logger.warning("the lock %s had already expired", self.lock.name)
        finally:
            self.client.close()


class LocalSeriesLock:
    """Without Redis (the embedded default) the lock holds within this process only."""

    _locks: dict[str, threading.Lock] = {}
    _guard = threading.Lock()

    def __init__(self, key: str, timeout: float):
        with self._guard:
            self.lock = self._locks.setdefault(key, threading.Lock())

    def acquire(self) -> bool:
        return self.lock.acquire(blocking=False)

    def keep_alive(self) -> None:
        return None

    def release(self) -> None:
        self.lock.release()


@contextmanager
def series_lock(series: str):
    """Hold the lock of `series` for the block; SeriesBusy if another run holds it."""
    backend = RedisSeriesLock if settings.REDIS_URL else LocalSeriesLock
    lock = backend(settings.TRADE_REFRESH_LOCK_PREFIX + series, settings.TRADE_REFRESH_LOCK_TIMEOUT)
    if not lock.acquire():
        raise SeriesBusy(series)
    try:
        yield lock
    finally:
        lock.release()


# --- Runs -------------------------------------------------------------------------------------


def close_interrupted_runs(series: str) -> None:
    """Mark failed the runs of `series` left running: whoever holds the lock knows they died."""
    now = timezone.now()
    for run in RefreshRun.objects.filter(series=series, status=RefreshRun.Status.RUNNING):
        run.status = RefreshRun.Status.FAILED
        run.finished_at = max(now, run.started_at)
        run.error = (
            "interrupted: the run stopped before it finished (worker lost); "
            "nothing it fetched was written"
        )
        run.save(update_fields=["status", "finished_at", "error"])
        logger.warning("Run %s of %s was interrupted; marked failed", run.pk, series)


def run_refresh(connector: Connector, query, write, *, task_id="", negotiation=None) -> RefreshRun:
    """Fetch `query` with `connector` and `write` the records, under the series lock.

    `write(records, fetched_at, heartbeat)` returns an UpsertResult and runs in one
    transaction. Raises SeriesBusy, before recording anything, if the series is being
    refreshed; any other failure is recorded in the returned run.
    """
    series = connector.series(query)
    with series_lock(series) as lock:
        close_interrupted_runs(series)
        run = RefreshRun.objects.create(
            source=connector.source,
            series=series,
            parameters=connector.parameters(query),
            negotiation=negotiation,
            task_id=task_id or "",
            started_at=timezone.now(),
        )
        logger.info("Run %s: refreshing %s with %s", run.pk, series, run.parameters)
        try:
            records = connector.fetch(query, heartbeat=lock.keep_alive)
            if connector.remote:
                records = list(records)
            lock.keep_alive()
            with transaction.atomic():
                result = write(records, timezone.now(), lock.keep_alive)
        except RefreshError as error:
            return finish(run, error=str(error) or type(error).__name__)
        except (IntegrityError, DataError) as error:
            return finish(run, error=f"the database refused the rows: {error}".strip())
        except Exception as error:
            try:
                finish(run, error=f"unexpected {type(error).__name__}: {error}")
            except Exception:
                logger.exception("Run %s: could not record the failure", run.pk)
            raise
        return finish(run, result=result)


def finish(run: RefreshRun, *, result: UpsertResult | None = None, error: str = "") -> RefreshRun:
    run.finished_at = max(timezone.now(), run.started_at)
    seconds = (run.finished_at - run.started_at).total_seconds()
    if error:
        run.status = RefreshRun.Status.FAILED
        run.error = error
        logger.warning("Run %s (%s) failed after %.1f s: %s", run.pk, run.series, seconds, error)
    else:
        run.status = RefreshRun.Status.SUCCEEDED
        run.rows_inserted = result.inserted
        run.rows_updated = result.updated
        run.rows_unchanged = result.unchanged
        logger.info(
            "Run %s (%s) succeeded in %.1f s: %d inserted, %d updated, %d unchanged",
            run.pk,
            run.series,
            seconds,
            result.inserted,
            result.updated,
            result.unchanged,
        )
    run.save()
    return run


def refresh_series(connector: Connector, query, *, task_id="", negotiation=None) -> RefreshRun:
    """Refresh trade flows: fetch, resolve and upsert one series as one recorded run."""
    source = connector.flow_source(query)

    def write(records, fetched_at, heartbeat):
        rows = resolve_flows(records, connector.reporter_key, connector.partner_key)
        return upsert_trade_flows(rows, source, fetched_at, heartbeat=heartbeat)

    return run_refresh(connector, query, write, task_id=task_id, negotiation=negotiation)


def refresh_notices(connector: Connector, query, *, task_id="") -> RefreshRun:
    """Fetch recent Federal Register documents; the new ones become pending updates."""
    return run_refresh(connector, query, store_pending_updates, task_id=task_id)


def last_refreshed(source=None, negotiation=None):
    """When the latest successful run finished (of `source`, for `negotiation`); None if never.

    This is the "last refreshed" the pages and the API show.
    """
    return RefreshRun.objects.last_refreshed(source=source, negotiation=negotiation)


# --- What a negotiation's refresh asks for ----------------------------------------------------


@dataclass(frozen=True)
class PlannedRefresh:
    source: str
    query: SeriesQuery


def default_years(today=None) -> tuple[int, ...]:
    """The complete calendar years before this one that a refresh asks for by default."""
    year = (today or timezone.localdate()).year
    return tuple(range(year - settings.TRADE_REFRESH_YEARS, year))


def negotiation_codes(negotiation: Negotiation) -> tuple[str, ...]:
    """HS codes the negotiation touches: its concessions' and its parties' measures' scopes.

    A measure counts when a party issues it on another party or on everyone. National lines
    (8 and 10 digits) are left out: the trade sources report at 6 digits at most.
    """
    parties = list(negotiation.parties.all())
    conceded = negotiation.concessions.exclude(commodity=None).values_list(
        "commodity_id", flat=True
    )
    measures = Measure.objects.filter(issuer__in=parties).filter(
        Q(applies_to_all_economies=True) | Q(targets__in=parties)
    )
    scoped = ScopeLine.objects.filter(measure__in=measures, excluded=False).values_list(
        "commodity_id", flat=True
    )
    return tuple(sorted(code for code in {*conceded, *scoped} if len(code) <= 6))


def plan_negotiation(negotiation: Negotiation, years=None) -> list[PlannedRefresh]:
    """The series that refresh a negotiation's trade: each ordered pair of parties, per source.

    UN Comtrade for every pair whose economies have Comtrade codes (annual figures); the US
    Census for the United States' trade with each party that has a Census code (monthly).
    """
    codes = negotiation_codes(negotiation)
    if not codes:
        return []
    years = tuple(years or default_years())
    parties = sorted(negotiation.parties.all(), key=lambda economy: economy.iso3)
    plans = []
    for reporter, partner in itertools.permutations(parties, 2):
        if reporter.comtrade_code is not None and partner.comtrade_code is not None:
            plans.append(
                PlannedRefresh(
                    ComtradeConnector.source,
                    SeriesQuery(reporter.iso3, partner.iso3, codes, years, frequency="A"),
                )
            )
        if reporter.iso3 == settings.CENSUS_REPORTER and partner.census_code:
            plans.append(
                PlannedRefresh(
                    CensusConnector.source,
                    SeriesQuery(reporter.iso3, partner.iso3, codes, years, frequency="M"),
                )
            )
    return plans
