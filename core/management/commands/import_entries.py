"""Load a CSV or Excel file of one kind of rows (measures, concessions, memberships,
trade-flows), as the admin's import page does: every row's outcome is printed; a file with an
error writes nothing and the command fails, naming each bad row's columns and reasons."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from import_export.formats.base_formats import CSV, XLSX

from core.bulk import KINDS

FORMATS = {".csv": CSV, ".xlsx": XLSX}


def read_dataset(path):
    file_format = FORMATS.get(path.suffix.lower())
    if file_format is None:
        raise CommandError(f"{path.name}: a .csv or .xlsx file, please.")
    fmt = file_format()
    data = path.read_bytes() if fmt.is_binary() else path.read_text(encoding="utf-8-sig")
    return fmt.create_dataset(data)


def row_errors(result):
    """(row number, column, reason) for every error of the result."""
    for row in result.invalid_rows:
        for column, reasons in row.field_specific_errors.items():
            for reason in reasons:
                yield row.number, column, reason
        for reason in row.non_field_specific_errors:
            yield row.number, "-", reason
    for number, errors in result.row_errors():
        for error in errors:
            yield number, "-", str(error.error)
    for error in result.base_errors:
        yield "-", "-", str(error.error)


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, write nothing."
        )

    def handle(self, kind, file, dry_run, **options):
        if not file.is_file():
            raise CommandError(f"No file {file}.")
        dataset = read_dataset(file)
        result = KINDS[kind]().import_data(dataset, dry_run=dry_run)
        totals = result.totals
        self.stdout.write(
            f"{result.total_rows} rows: {totals['new']} new, {totals['update']} changed, "
            f"{totals['skip']} unchanged, {totals['invalid'] + totals['error']} with errors."
        )
        errors = list(row_errors(result))
        if errors:
            for number, column, reason in errors:
                self.stderr.write(f"row {number}, {column}: {reason}")
            raise CommandError(f"{len(errors)} error(s) in {file.name}: nothing was written.")
        self.stdout.write("Checked: nothing was written (dry run)." if dry_run else "Written.")
