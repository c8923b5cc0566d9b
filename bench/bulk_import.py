"""Bulk import of measures with their scope lines and changes, against a plain bulk_create.

    DATABASE_URL=postgres://user@host:5432/name .venv/bin/python bench/bulk_import.py --rows 10000

Runs in a scratch database (<name>_bulk, created, migrated and dropped), never in the database
DATABASE_URL names. It writes 20 economies and an HS chapter of 200 subheadings, generates a
CSV file of `--rows` measures (two scope lines and two changes each, as an editor fills the
template), then times, in the same process:

- baseline: `Measure.objects.bulk_create` of the same measures alone (no lines, no history,
  no checks), rolled back;
- preview: the import as the admin's preview runs it (dry run: every row read, checked,
  written and rolled back);
- write: the import itself, one transaction, history for every row;
- re-import: the same file again, every row unchanged;
- with `--admin`, the admin's import page as an editor uses it (through Django's test client:
  no network), on the same file with other titles: the preview page (upload, check, and the
  page of every row's outcome), then the confirmation (the write and the admin log).

It prints seconds, rows per second and the ratio of each to the baseline.
"""

import argparse
import csv
import io
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import describe_machine, machine, scratch_database, setup_django

ECONOMIES = 20
HEADINGS = 20
SUBHEADINGS = 10
COLUMNS = [
    "title",
    "issuer",
    "targets",
    "applies_to_all_economies",
    "legal_basis",
    "legal_citation",
    "covers_all_products",
    "precedence",
    "description",
    "scope",
    "changes",
]


def iso3(index):
    return "Q" + chr(65 + index // 26) + chr(65 + index % 26)


def seed():
    from commodities.models import Commodity
    from core.models import Economy

    Economy.objects.bulk_create(
        Economy(name=f"Economy {iso3(i)}", iso3=iso3(i)) for i in range(ECONOMIES)
    )
    codes = [Commodity(code="84", description="Chapter 84", level=2)]
    for h in range(HEADINGS):
        heading = f"84{h + 1:02d}"
        codes.append(Commodity(code=heading, description=heading, level=4, parent_id="84"))
        codes += [
            Commodity(code=f"{heading}{s + 1:02d}", description="x", level=6, parent_id=heading)
            for s in range(SUBHEADINGS)
        ]
    Commodity.objects.bulk_create(codes)
    return [c.code for c in codes if c.level == 6]


def rows(count, codes):
    for n in range(count):
        first, second = codes[n % len(codes)], codes[(n * 7 + 3) % len(codes)]
        yield {
            "title": f"Measure {n:06d}",
            "issuer": iso3(n % ECONOMIES),
            "targets": iso3((n + 1) % ECONOMIES),
            "applies_to_all_economies": "no",
            "legal_basis": "section_301",
            "legal_citation": f"Notice {n}",
            "covers_all_products": "no",
            "precedence": "",
            "description": "",
            "scope": f"{first[:4]}.{first[4:]} annex=Annex I; {second[:4]}.{second[4:]}",
            "changes": f"2025-03-{1 + n % 28:02d}:announced:{10 + n % 15}% "
            f"published=2025-02-20; 2025-04-{1 + n % 28:02d}:in_force:{10 + n % 15}%",
        }


def as_csv(count, codes, prefix="Measure"):
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS)
    writer.writeheader()
    writer.writerows({**row, "title": f"{prefix} {row['title']}"} for row in rows(count, codes))
    return out.getvalue()


def as_dataset(count, codes):
    from import_export.formats.base_formats import CSV

    return CSV().create_dataset(as_csv(count, codes))


def admin_import(count, codes):
    """(seconds for the preview page, seconds for the confirmation) through the admin."""
    from django.contrib.auth.models import Group, User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from core.groups import EDITOR, ensure_groups

    ensure_groups(None)
    editor = User.objects.create_user("bench-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    client = Client(HTTP_HOST="localhost")
    client.force_login(editor)
    upload = SimpleUploadedFile("measures.csv", as_csv(count, codes, "Admin").encode())
    start = time.perf_counter()
    page = client.post("/admin/tariffs/measure/import/", {"import_file": upload, "format": "0"})
    previewed = time.perf_counter() - start
    assert page.status_code == 200 and b"Confirm import" in page.content, page.status_code
    form = page.content.decode().split('action="/admin/tariffs/measure/process_import/"')[1]
    form = form.split("</form>")[0]
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    start = time.perf_counter()
    answer = client.post("/admin/tariffs/measure/process_import/", data)
    confirmed = time.perf_counter() - start
    assert answer.status_code == 302, answer.status_code
    return previewed, confirmed, len(page.content)


def baseline(count):
    """The measures alone, by bulk_create, rolled back: the floor for these rows."""
    from django.db import transaction

    from core.models import Economy
    from tariffs.models import Measure

    economies = {e.iso3: e for e in Economy.objects.all()}
    start = time.perf_counter()
    with transaction.atomic():
        Measure.objects.bulk_create(
            Measure(
                title=row["title"],
                issuer=economies[row["issuer"]],
                legal_basis=row["legal_basis"],
                legal_citation=row["legal_citation"],
            )
            for row in rows(count, ["840101"])
        )
        transaction.set_rollback(True)
    return time.perf_counter() - start


def timed_import(dataset, dry_run):
    from tariffs.resources import MeasureResource

    start = time.perf_counter()
    result = MeasureResource().import_data(dataset, dry_run=dry_run)
    seconds = time.perf_counter() - start
    assert not result.has_errors() and not result.has_validation_errors()
    return seconds, dict(result.totals)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--admin", action="store_true", help="time the admin's pages too")
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from tariffs.models import Measure, MeasureChange, ScopeLine

    scratch, _ = scratch_database("bulk")
    try:
        codes = seed()
        dataset = as_dataset(args.rows, codes)
        print(describe_machine(machine()))
        figures = [("baseline: bulk_create of the measures alone", baseline(args.rows), None)]
        for label, dry_run in (("preview (dry run)", True), ("write", False), ("re-import", False)):
            seconds, totals = timed_import(dataset, dry_run)
            figures.append((label, seconds, totals))
        if args.admin:
            previewed, confirmed, size = admin_import(args.rows, codes)
            figures.append((f"admin preview page ({size / 1e6:.1f} MB of HTML)", previewed, None))
            figures.append(("admin confirmation", confirmed, None))
        floor = figures[0][1]
        print(f"| {args.rows:,} measures | seconds | rows/s | vs baseline | outcome |")
        print("| --- | ---: | ---: | ---: | --- |")
        for label, seconds, totals in figures:
            outcome = ", ".join(f"{n} {kind}" for kind, n in totals.items() if n) if totals else ""
            print(
                f"| {label} | {seconds:.2f} | {args.rows / seconds:,.0f} | "
                f"{seconds / floor:.1f} | {outcome} |"
            )
        print(
            f"written: {Measure.objects.count():,} measures, {ScopeLine.objects.count():,} "
            f"scope lines, {MeasureChange.objects.count():,} changes; history records: "
            f"{Measure.history.count():,}, {ScopeLine.history.count():,}, "
            f"{MeasureChange.history.count():,}"
        )
    finally:
        connection.close()
        connection.creation.destroy_test_db(scratch, verbosity=0)


if __name__ == "__main__":
    main()
