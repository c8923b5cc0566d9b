from django.core.management.base import BaseCommand, CommandError

from tariffs.schedule import ScheduleImportError
from tariffs.schedule.extract import extract_rows, write_extract
from tariffs.schedule.source import load_rows


def codes(value) -> list[str]:
    """A comma-separated list: "610910, 720851" -> ["610910", "720851"]; a list stays one."""
    items = value.split(",") if isinstance(value, str) else value
    return [code.strip() for code in items if code.strip()]


class Command(BaseCommand):
    help = (
        "Write a small USITC HTS export (gzip JSON array, rows as published) holding the rows "
        "of the given HS6 subheadings, the rows above them that give their descriptions, and "
        "the chapter 99 rows under the given number prefixes."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Path or http(s) URL of the full export.")
        parser.add_argument(
            "--hs6", required=True, type=codes, help="HS6 codes, comma-separated: 610910,720851"
        )
        parser.add_argument(
            "--chapter99",
            type=codes,
            default=[],
            help="Chapter 99 number prefixes, comma-separated: 9903.01,9903.02",
        )
        parser.add_argument("--output", required=True, help="Path of the .json.gz to write.")

    def handle(self, *args, source, hs6, chapter99, output, **options):
        # call_command passes an option as given, not through its type.
        hs6, chapter99 = codes(hs6), codes(chapter99)
        try:
            extract = extract_rows(load_rows(source), hs6, chapter99)
        except ScheduleImportError as error:
            raise CommandError(f"Cannot extract from {source}: {error}") from error
        try:
            write_extract(extract.rows, output)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror or error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {len(extract.rows):,} rows ({extract.lines:,} lines, "
                f"{extract.headings:,} chapter 99 headings) to {output}."
            )
        )
        if extract.unmatched_hs6:
            self.stdout.write(
                self.style.WARNING(f"No rows for HS6 {', '.join(extract.unmatched_hs6)}.")
            )
        if extract.unmatched_prefixes:
            self.stdout.write(
                self.style.WARNING(
                    f"No chapter 99 rows under {', '.join(extract.unmatched_prefixes)}."
                )
            )
