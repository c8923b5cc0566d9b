"""Peak memory of a worker ingesting 1,000,000 trade flows: it streams, it does not hold them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_volume \\
        .venv/bin/python bench/memory.py --rows 1000000

Works in a scratch database (<name>_memory: created, migrated and dropped), loaded with the
HS nomenclature (../shared/data/hs/harmonized-system.csv beside the checkout) and 40
economies. It writes a CSV of the rows, then runs, each in a fresh Python process, and
reads that process's peak resident memory (ru_maxrss):

- idle: Django set up and the ingest modules imported, nothing else (the baseline);
- stream: a refresh of the file as a worker does it (`refresh_series` with the File
  connector: read, resolve, check, COPY into a staging table in chunks, one upsert);
- held: the same rows read into a list first, as a worker that did not stream would.
"""

import argparse
import csv
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, describe_machine, machine, scratch_database, setup_django

ECONOMIES = 40
YEARS = range(2015, 2025)
FLOWS = ("M", "X")


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(mode, path):
    """Runs in the measured process; prints one JSON line."""
    setup_django()
    from commodities.connectors import FileConnector, FileQuery
    from commodities.ingest import refresh_series, resolve_flows, upsert_trade_flows

    report = {"mode": mode}
    start = time.perf_counter()
    if mode == "stream":
        run = refresh_series(FileConnector(), FileQuery(path=path))
        report.update(status=run.status, error=run.error, inserted=run.rows_inserted)
        report.update(updated=run.rows_updated, unchanged=run.rows_unchanged)
    elif mode == "held":
        from django.utils import timezone

        records = list(FileConnector().fetch(FileQuery(path=path)))
        rows = list(resolve_flows(records))
        result = upsert_trade_flows(rows, "file", timezone.now())
        report.update(status="succeeded", inserted=result.inserted, unchanged=result.unchanged)
    report["seconds"] = time.perf_counter() - start
    report["peak_mib"] = peak_mib()
    print(json.dumps(report))


def write_csv(path, count, iso3s, codes):
    pairs = [(a, b) for a in iso3s for b in iso3s if a != b]
    per_pair = -(-count // (len(YEARS) * len(FLOWS) * len(codes)))
    keys = itertools.product(YEARS, FLOWS, pairs[:per_pair], codes)
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                *("reporter", "partner", "hs_code", "year", "month", "flow"),
                *("value_usd", "quantity", "quantity_unit"),
            ]
        )
        for index, (year, flow, (reporter, partner), code) in enumerate(
            itertools.islice(keys, count)
        ):
            value = f"{1000 + index * 7919 % 10_000_000}.{index % 100:02d}"
            quantity, unit = ("", "") if index % 3 == 0 else (f"{index % 50_000}.5", "kg")
            writer.writerow([reporter, partner, code, year, 0, flow, value, quantity, unit])


def measure(mode, path, database_url):
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": ""}
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--csv", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{mode} failed:\n{result.stdout}\n{result.stderr[-3000:]}")
    return json.loads(lines[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--hs", help="HS table; default ../shared/data/hs beside the checkout")
    parser.add_argument("--skip-held", action="store_true", help="do not run the held variant")
    parser.add_argument("--json", metavar="PATH")
    parser.add_argument("--child", choices=["idle", "stream", "held"], help=argparse.SUPPRESS)
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        return child(options.child, options.csv)

    setup_django()
    from django.db import connection

    from commodities.importers import import_hs_rows, open_source
    from commodities.models import Commodity
    from core.models import Economy
    from negotiations.volume import economy_code, economy_name

    if connection.vendor != "postgresql":
        sys.exit("bench/memory.py measures the PostgreSQL path: set DATABASE_URL to PostgreSQL.")
    info = machine()
    print(describe_machine(info))
    scratch, database_url = scratch_database("memory")
    try:
        hs_source = options.hs or str(
            ROOT.parent / "shared" / "data" / "hs" / "harmonized-system.csv"
        )
        with open_source(hs_source) as lines:
            import_hs_rows(lines)
        Economy.objects.bulk_create(
            Economy(name=economy_name(n), iso3=economy_code(n)) for n in range(ECONOMIES)
        )
        codes = list(
            Commodity.objects.filter(level=6).order_by("code").values_list("code", flat=True)
        )
        iso3s = [economy_code(n) for n in range(ECONOMIES)]
        connection.close()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "flows.csv"
            write_csv(path, options.rows, iso3s, codes[:1000])
            size_mib = path.stat().st_size / 2**20
            print(f"{options.rows:,} rows, CSV of {size_mib:.0f} MiB")
            idle = measure("idle", path, database_url)
            stream = measure("stream", path, database_url)
            held = None if options.skip_held else measure("held", path, database_url)
    finally:
        connection.close()
        connection.creation.destroy_test_db(scratch, verbosity=0)

    if stream["status"] != "succeeded" or stream["inserted"] != options.rows:
        sys.exit(f"the streamed refresh did not insert every row: {stream}")
    print(f"idle (Django + ingest imported): {idle['peak_mib']:.0f} MiB")
    print(
        f"stream (refresh of the file): {stream['peak_mib']:.0f} MiB, "
        f"{stream['peak_mib'] - idle['peak_mib']:+.0f} MiB over idle, "
        f"ratio {stream['peak_mib'] / idle['peak_mib']:.2f}; {stream['inserted']:,} rows in "
        f"{stream['seconds']:.1f} s ({stream['inserted'] / stream['seconds']:,.0f} rows/s)"
    )
    if held:
        print(
            f"held (rows read into a list first): {held['peak_mib']:.0f} MiB, "
            f"ratio {held['peak_mib'] / idle['peak_mib']:.2f}"
        )
    if options.json:
        document = {"machine": info, "rows": options.rows, "csv_mib": size_mib}
        document.update(idle=idle, stream=stream, held=held)
        Path(options.json).write_text(json.dumps(document, indent=2))


if __name__ == "__main__":
    main()
