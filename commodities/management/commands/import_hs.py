from django.core.management.base import BaseCommand, CommandError

from commodities.importers import REQUIRED_COLUMNS, HSImportError, import_hs_rows, open_source


class Command(BaseCommand):
    help = (
        "Load the HS nomenclature (chapters, headings, subheadings) from a CSV file or http(s) URL "
        f"with columns {','.join(REQUIRED_COLUMNS)}. Safe to re-run: unchanged codes are left "
        "alone, and a bad row stops the import before anything is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Path or http(s) URL of the CSV table.")

    def handle(self, *args, source, **options):
        try:
            with open_source(source) as lines:
                result = import_hs_rows(lines)
        except HSImportError as error:
            raise CommandError(
                f"Cannot import the HS nomenclature from {source}: {error}"
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported HS nomenclature from {source}: {result.total} codes "
                f"({result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged)."
            )
        )
