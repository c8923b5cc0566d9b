"""Ingestion speed: the refresh write path against a raw COPY of the same rows.

    DATABASE_URL=postgres://user@host:5432/name .venv/bin/python bench/ingest.py --rows 200000

Runs in a scratch database (<name>_bench, created, migrated and dropped), never in the
database DATABASE_URL names. Each repetition empties the trade-flow table, then times:

- raw COPY: the rows, already resolved, copied straight into commodities_tradeflow: the
  floor for getting these rows into this table, with its indexes, constraints and keys;
- write path: what a refresh does with the records a connector yields: resolve economies
  and HS codes, check and round the figures, COPY into a staging table, one
  INSERT ... ON CONFLICT; the same rows, inserted;
- upsert only: the same without resolving (rows given as TradeFlowRow);
- re-run: the write path again over the stored rows, which all come out unchanged.

It prints rows per second and the ratio of each to the raw COPY (median of the repetitions).
"""

import argparse
import datetime as dt
import itertools
import os
import platform
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from commodities.connectors import FlowRecord  # noqa: E402
from commodities.ingest import TradeFlowRow, resolve_flows, upsert_trade_flows  # noqa: E402
from commodities.ingest.upsert import copy_from  # noqa: E402
from commodities.models import Commodity, TradeFlow  # noqa: E402
from core.models import Economy  # noqa: E402

SOURCE = "comtrade"
FETCHED_AT = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)
ECONOMIES = 20
HEADINGS = 20
SUBHEADINGS_PER_HEADING = 10
FLOWS = ("M", "X")
CHAPTER = "84"
NULL = "\\N"  # COPY's text format for NULL


def iso3(index):
    return "Q" + chr(65 + index // 26) + chr(65 + index % 26)


def codes():
    return [
        f"{CHAPTER}{heading:02d}{sub:02d}"
        for heading in range(1, HEADINGS + 1)
        for sub in range(10, 10 + SUBHEADINGS_PER_HEADING)
    ]


def create_reference_data():
    Economy.objects.bulk_create(
        Economy(name=f"Economy {iso3(n)}", iso3=iso3(n), comtrade_code=900 + n)
        for n in range(ECONOMIES)
    )
    Commodity.objects.create(code=CHAPTER, description="Chapter", parent=None)
    for heading in range(1, HEADINGS + 1):
        Commodity.objects.create(
            code=f"{CHAPTER}{heading:02d}", description="Heading", parent_id=CHAPTER
        )
    Commodity.objects.bulk_create(
        Commodity(code=code, description="Subheading", parent_id=code[:4], level=6)
        for code in codes()
    )


def keys(count):
    """`count` distinct series points: pairs of economies x codes x flows, then by period."""
    pairs = [(a, b) for a in range(ECONOMIES) for b in range(ECONOMIES) if a != b]
    periods = ((year, month) for year in itertools.count(2000) for month in range(13))
    produced = 0
    for year, month in periods:
        for (reporter, partner), code, flow in itertools.product(pairs, codes(), FLOWS):
            if produced == count:
                return
            yield reporter, partner, code, year, month, flow
            produced += 1


def figures(index):
    value = Decimal(1_000_000 + index * 37 % 9_999_991) / 100
    quantity = None if index % 3 == 0 else Decimal(index % 50_000) / 1000
    unit = "" if quantity is None else ("kg" if index % 2 else "u")
    return value.quantize(Decimal("0.01")), quantity, unit


def records(count):
    for index, (reporter, partner, code, year, month, flow) in enumerate(keys(count)):
        value, quantity, unit = figures(index)
        yield FlowRecord(
            iso3(reporter), iso3(partner), code, year, month, flow, value, quantity, unit
        )


def resolved_rows(count, ids):
    for index, (reporter, partner, code, year, month, flow) in enumerate(keys(count)):
        value, quantity, unit = figures(index)
        yield TradeFlowRow(
            ids[reporter], ids[partner], code, year, month, flow, value, quantity, unit
        )


def raw_copy(rows, chunk_size=20_000):
    """COPY the rows straight into the table, as the fastest loader would."""
    table = connection.ops.quote_name(TradeFlow._meta.db_table)
    fetched = FETCHED_AT.isoformat()
    columns = (
        "source, reporter_id, partner_id, commodity_id, year, month, flow, value_usd, "
        "quantity, quantity_unit, fetched_at"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        iterator = iter(rows)
        while chunk := list(itertools.islice(iterator, chunk_size)):
            text = "".join(
                f"{SOURCE}\t{r.reporter_id}\t{r.partner_id}\t{r.commodity_id}\t{r.year}\t"
                f"{r.month}\t{r.flow}\t{r.value_usd}\t"
                f"{NULL if r.quantity is None else r.quantity}\t{r.quantity_unit}\t{fetched}\n"
                for r in chunk
            )
            copy_from(cursor, f"COPY {table} ({columns}) FROM STDIN", text)


def write_path(count):
    return upsert_trade_flows(resolve_flows(records(count)), SOURCE, FETCHED_AT)


def upsert_only(count, ids):
    return upsert_trade_flows(resolved_rows(count, ids), SOURCE, FETCHED_AT)


def empty_table():
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {connection.ops.quote_name(TradeFlow._meta.db_table)}")


def timed(action):
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def machine():
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return (
        f"{platform.machine()}, {os.cpu_count()} CPUs (nproc), {memory or '? GiB'} memory; "
        f"Python {platform.python_version()}; PostgreSQL {server}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/ingest.py measures the PostgreSQL path: set DATABASE_URL to PostgreSQL.")
    limit = ECONOMIES * (ECONOMIES - 1) * len(codes()) * len(FLOWS) * 13 * 100
    if not 0 < options.rows <= limit:
        sys.exit(f"--rows must be between 1 and {limit}")

    database = settings.DATABASES["default"]
    database.setdefault("TEST", {})["NAME"] = f"{database['NAME']}_bench"
    scratch = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=False, serialize=False
    )
    try:
        print(f"{dt.date.today()}: {options.rows} rows, {options.repeat} repetitions")
        print(machine())
        create_reference_data()
        by_code = dict(Economy.objects.values_list("iso3", "pk"))
        ids = {n: by_code[iso3(n)] for n in range(ECONOMIES)}
        timings = {"raw COPY": [], "write path": [], "upsert only": [], "re-run": []}
        for _ in range(options.repeat):
            empty_table()
            timings["raw COPY"].append(timed(lambda: raw_copy(resolved_rows(options.rows, ids)))[0])
            assert TradeFlow.objects.count() == options.rows
            empty_table()
            seconds, result = timed(lambda: write_path(options.rows))
            assert (result.inserted, result.updated) == (options.rows, 0)
            timings["write path"].append(seconds)
            seconds, result = timed(lambda: write_path(options.rows))
            assert result.unchanged == options.rows
            timings["re-run"].append(seconds)
            empty_table()
            seconds, result = timed(lambda: upsert_only(options.rows, ids))
            assert result.inserted == options.rows
            timings["upsert only"].append(seconds)
        floor = statistics.median(timings["raw COPY"])
        print(f"{'':30} {'seconds':>8} {'rows/s':>10} {'vs COPY':>8}")
        for name, values in timings.items():
            seconds = statistics.median(values)
            print(
                f"{name:30} {seconds:8.2f} {options.rows / seconds:10,.0f} {floor / seconds:8.2f}"
            )
    finally:
        connection.creation.destroy_test_db(scratch, verbosity=0)


if __name__ == "__main__":
    main()
