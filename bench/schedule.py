"""Schedule import: import_schedule of a full HTS revision against a raw COPY of its rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_volume \\
        .venv/bin/python bench/schedule.py --repeat 3

Works in a scratch database (<name>_schedule: created, migrated and dropped), loaded with the
HS nomenclature (../shared/data/hs beside the checkout) and the United States. Each
measurement runs in a fresh Python process, so that its peak resident memory (ru_maxrss) is
its own, and reports its seconds and that peak:

- idle: Django set up and the import modules loaded (the memory floor);
- read: the file read and every row checked into plain records, no database;
- raw COPY: those parsed records (lines and chapter 99 headings) copied with psycopg2's COPY
  into scratch tables shaped like the real ones, with their indexes: the floor for putting
  these rows into PostgreSQL (the read is timed apart);
- fresh import: `import_schedule` into an empty schedule;
- re-run: the same file again; the checksum and date match, nothing is compared or written;
- re-run, full diff: the same with the stored checksum cleared, so every line is compared
  with the stored one (and none is written).

It prints a markdown table: the median of the repetitions, the largest peak.
"""

import argparse
import csv
import datetime as dt
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, describe_machine, machine, scratch_database, setup_django

HS_TABLE = ROOT.parent / "shared" / "data" / "hs" / "harmonized-system.csv"
DEFAULT_FILE = ROOT.parent / "shared" / "data" / "hts-us" / "hts_2025_rev_23.json.gz"
REVISION = ("USA", "2025 Revision 23", dt.date(2025, 9, 12))
TARGET_SECONDS = 30
TARGET_PEAK_MIB = 512
MODES = ["idle", "read", "copy", "fresh", "rerun", "diff"]
LABELS = {
    "read": "read + check (no database)",
    "copy": "raw COPY of the parsed rows",
    "fresh": "import_schedule, fresh",
    "rerun": "re-run (checksum matches)",
    "diff": "re-run, full diff (checksum cleared)",
}


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(mode, path):
    """Runs in the measured process; prints one JSON line."""
    setup_django()
    from tariffs.schedule import import_schedule, parse_schedule
    from tariffs.schedule.source import load_rows

    report = {"mode": mode}
    start = time.perf_counter()
    if mode == "read":
        schedule = parse_schedule(load_rows(path))
        report["lines"] = len(schedule.lines)
    elif mode == "copy":
        schedule = parse_schedule(load_rows(path))
        start = time.perf_counter()
        raw_copy(schedule)
        report["lines"] = len(schedule.lines)
    elif mode in ("fresh", "rerun", "diff"):
        result = import_schedule(path, *REVISION)
        report.update(status=result.status, lines=result.line_count)
        report.update(created=result.lines.created, changed=result.lines.changed)
    report["seconds"] = time.perf_counter() - start
    report["peak_mib"] = peak_mib()
    print(json.dumps(report))


LINE_COLUMNS = [
    *("revision_id", "code", "hs6_id", "indent", "description", "description_path", "units"),
    *("general", "special", "special_programs", "other", "rate_line", "footnotes"),
]


def raw_copy(schedule):
    """COPY the parsed lines and headings into scratch copies of the two tables, committed."""
    from django.db import connection, transaction

    from commodities.ingest.upsert import copy_from
    from commodities.models import Commodity

    known = set(Commodity.objects.filter(level=6).values_list("code", flat=True))
    lines = io.StringIO()
    writer = csv.writer(lines, quoting=csv.QUOTE_ALL)
    for line in schedule.lines:
        hs6 = line.code[:6] if line.code[:6] in known else ""
        writer.writerow(
            [
                *(0, line.code, hs6, line.indent, line.description),
                *(json.dumps(line.description_path), json.dumps(line.units)),
                *(line.general, line.special, json.dumps(line.special_programs)),
                *(line.other, line.rate_line, json.dumps(line.footnotes)),
            ]
        )
    headings = io.StringIO()
    writer = csv.writer(headings, quoting=csv.QUOTE_ALL)
    for heading in schedule.headings:
        writer.writerow([0, heading.number, heading.description, heading.general])
    with transaction.atomic(), connection.cursor() as cursor:
        for table in ("tariffs_nationalline", "tariffs_chapter99heading"):
            cursor.execute(f"DROP TABLE IF EXISTS scratch_{table}")
            cursor.execute(f"CREATE TABLE scratch_{table} (LIKE {table} INCLUDING ALL)")
        copy_from(
            cursor,
            f"COPY scratch_tariffs_nationalline ({', '.join(LINE_COLUMNS)}) FROM STDIN "
            "WITH (FORMAT csv, FORCE_NULL (hs6_id))",
            lines.getvalue(),
        )
        copy_from(
            cursor,
            "COPY scratch_tariffs_chapter99heading (revision_id, number, description, general) "
            "FROM STDIN WITH (FORMAT csv)",
            headings.getvalue(),
        )


def measure(mode, path, database_url):
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": ""}
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--file", str(path)],
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


def empty_schedule(cursor):
    cursor.execute(
        "TRUNCATE tariffs_nationalline, tariffs_chapter99heading, tariffs_schedulerevision"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--file", default=str(DEFAULT_FILE), help="the HTS export to import")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", metavar="PATH")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        return child(options.child, options.file)

    setup_django()
    from django.db import connection

    from commodities.importers import import_hs_rows, open_source
    from core.models import Economy

    if connection.vendor != "postgresql":
        sys.exit("bench/schedule.py measures PostgreSQL: set DATABASE_URL to PostgreSQL.")
    info = machine()
    print(describe_machine(info))
    scratch, database_url = scratch_database("schedule")
    runs = {mode: [] for mode in MODES}
    try:
        with open_source(str(HS_TABLE)) as table:
            import_hs_rows(table)
        Economy.objects.create(iso3="USA", name="United States", comtrade_code=842)
        connection.close()
        runs["idle"].append(measure("idle", options.file, database_url))
        for _ in range(options.repeat):
            runs["read"].append(measure("read", options.file, database_url))
            runs["copy"].append(measure("copy", options.file, database_url))
            with connection.cursor() as cursor:
                empty_schedule(cursor)
            connection.close()
            runs["fresh"].append(measure("fresh", options.file, database_url))
            runs["rerun"].append(measure("rerun", options.file, database_url))
            with connection.cursor() as cursor:
                cursor.execute("UPDATE tariffs_schedulerevision SET checksum = ''")
            connection.close()
            runs["diff"].append(measure("diff", options.file, database_url))
    finally:
        connection.close()
        connection.creation.destroy_test_db(scratch, verbosity=0)

    fresh, rerun = runs["fresh"][-1], runs["rerun"][-1]
    if (fresh["status"], fresh["created"], rerun["status"]) != (
        "imported",
        fresh["lines"],
        "unchanged",
    ):
        sys.exit(f"unexpected import results: fresh {fresh}, re-run {rerun}")
    report(options, info, runs)


def report(options, info, runs):
    seconds = {mode: statistics.median(r["seconds"] for r in runs[mode]) for mode in MODES}
    peak = {mode: max(r["peak_mib"] for r in runs[mode]) for mode in MODES}
    floor = seconds["read"] + seconds["copy"]
    lines = runs["fresh"][-1]["lines"]
    print(
        f"\n{Path(options.file).name}: {lines:,} lines; median of {options.repeat}, "
        f"idle process {peak['idle']:.0f} MiB\n"
    )
    print("| step | seconds | peak RSS (MiB) | × raw COPY | × read + COPY |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for mode in MODES[1:]:
        print(
            f"| {LABELS[mode]} | {seconds[mode]:.2f} | {peak[mode]:.0f} | "
            f"{seconds[mode] / seconds['copy']:.2f} | {seconds[mode] / floor:.2f} |"
        )
    met = seconds["fresh"] < TARGET_SECONDS and peak["fresh"] < TARGET_PEAK_MIB
    print(
        f"\nfresh import: {seconds['fresh']:.2f} s (target < {TARGET_SECONDS} s), peak "
        f"{peak['fresh']:.0f} MiB (target < {TARGET_PEAK_MIB} MiB): {'met' if met else 'MISSED'}"
    )
    if options.json:
        document = {"machine": info, "file": options.file, "runs": runs}
        document.update(seconds=seconds, peak_mib=peak)
        Path(options.json).write_text(json.dumps(document, indent=2))


if __name__ == "__main__":
    main()
