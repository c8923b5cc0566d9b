import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from tariffs.schedule import ScheduleImportError, import_schedule


def date(value: str) -> dt.date:
    """A YYYY-MM-DD date; argparse names the type by this function's name on a bad value."""
    return dt.date.fromisoformat(value)


class Command(BaseCommand):
    help = (
        "Load a national tariff schedule from a USITC HTS export (JSON array, gzip or plain; "
        "a path or an http(s) URL) as one named revision of an importer's schedule. Safe to "
        "re-run: only what differs from the stored revision is written, and a bad row stops "
        "the import before anything is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Path or http(s) URL of the export.")
        parser.add_argument(
            "--importer", required=True, help="ISO3 code of the importing economy, e.g. USA."
        )
        parser.add_argument(
            "--revision", required=True, help='Name of the revision, e.g. "2025 Revision 23".'
        )
        parser.add_argument(
            "--effective",
            required=True,
            type=date,
            help="First day the revision applies, YYYY-MM-DD.",
        )

    def handle(self, *args, source, importer, revision, effective, **options):
        try:
            result = import_schedule(source, importer, revision, effective, progress=True)
        except ScheduleImportError as error:
            raise CommandError(f"Cannot import the schedule from {source}: {error}") from error
        self.stdout.write(self.style.SUCCESS(summary(result)))
        if result.previous_effective:
            self.stdout.write(
                f"Effective date moved from {result.previous_effective:%Y-%m-%d} "
                f"to {result.revision.effective_from:%Y-%m-%d}."
            )
        if result.missing_hs6_count:
            self.stdout.write(self.style.WARNING(missing_hs6(result)))


def summary(result) -> str:
    revision, lines, headings = result.revision, result.lines, result.headings
    return (
        f"{revision.importer.iso3} {revision.name} (in effect from "
        f"{revision.effective_from:%Y-%m-%d}, from {result.source}) {result.status}: "
        f"{lines.created:,} lines created, {lines.changed:,} changed, {lines.removed:,} removed; "
        f"{headings.created:,} chapter 99 headings created, {headings.changed:,} changed, "
        f"{headings.removed:,} removed ({result.line_count:,} lines, "
        f"{result.heading_count:,} chapter 99 headings)."
    )


def missing_hs6(result) -> str:
    national = result.missing_in_chapter_98
    note = f"; {national:,} of them in chapter 98, which the HS does not have" if national else ""
    return (
        f"{result.missing_hs6_count:,} lines have an HS6 subheading that is not in the "
        f"nomenclature (stored without one{note}), first {len(result.missing_hs6_codes)}: "
        f"{', '.join(result.missing_hs6_codes)}"
    )
