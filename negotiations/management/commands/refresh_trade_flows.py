import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commodities.connectors import (
    TRADE_SOURCES,
    FileConnector,
    FileQuery,
    RefreshError,
    SeriesQuery,
    connector_for,
)
from commodities.ingest import SeriesBusy, refresh_series
from commodities.models import RefreshRun
from negotiations.models import Negotiation
from negotiations.refresh import plan_negotiation
from tariffs.federal_register import FederalRegisterConnector, NoticeQuery
from tariffs.notices import refresh_notices


def comma_list(text):
    return [part.strip() for part in text.split(",") if part.strip()]


def years_list(text):
    try:
        return [int(part) for part in comma_list(text)]
    except ValueError:
        raise CommandError(f"--years {text!r}: give years separated by commas") from None


def link_to(negotiation):
    return lambda run: negotiation.refresh_runs.add(run)


class Command(BaseCommand):
    help = (
        "Refresh trade flows now, in this process: a negotiation's series (--negotiation), one "
        "series (--reporter, --partner, --codes, --years), a CSV file in our format (--file) "
        "or the bundled sample (--sample); --tariff-notices fetches recent Federal Register "
        "documents as pending updates. Every run is recorded; the exit status is 1 if one failed."
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--negotiation", metavar="SLUG")
        target.add_argument("--reporter", metavar="ISO3")
        target.add_argument("--file", metavar="PATH")
        target.add_argument("--sample", action="store_true")
        target.add_argument("--tariff-notices", action="store_true")
        parser.add_argument("--source", choices=TRADE_SOURCES, default="comtrade")
        parser.add_argument("--partner", metavar="ISO3")
        parser.add_argument("--codes", metavar="HS,HS", type=comma_list)
        parser.add_argument("--years", metavar="YYYY,YYYY", type=years_list)
        parser.add_argument("--monthly", action="store_true", help="Monthly, not annual, figures.")
        parser.add_argument("--flows", metavar="M,X", type=comma_list, default=["M", "X"])
        parser.add_argument("--since", type=dt.date.fromisoformat, metavar="YYYY-MM-DD")

    def handle(self, *args, **options):
        runs = [self.refresh(target) for target in self.targets(options)]
        failed = [run for run in runs if run is None or run.status != RefreshRun.Status.SUCCEEDED]
        if failed:
            raise CommandError(f"{len(failed)} of {len(runs)} refresh(es) did not succeed.")

    def targets(self, options):
        """(label, connector, query, negotiation) for each run to make."""
        if options["negotiation"]:
            negotiation = Negotiation.objects.filter(slug=options["negotiation"]).first()
            if negotiation is None:
                raise CommandError(f"No negotiation has the slug {options['negotiation']!r}.")
            plans = plan_negotiation(negotiation, years=options["years"])
            if not plans:
                self.stdout.write(f"{negotiation} touches no HS code: nothing to refresh.")
            return [
                (plan.source, connector_for(plan.source), plan.query, negotiation) for plan in plans
            ]
        if options["reporter"]:
            missing = [name for name in ("partner", "codes", "years") if not options[name]]
            if missing:
                raise CommandError(f"--reporter also needs --{', --'.join(missing)}.")
            query = SeriesQuery(
                reporter=options["reporter"].upper(),
                partner=options["partner"].upper(),
                codes=tuple(options["codes"]),
                years=tuple(options["years"]),
                frequency="M" if options["monthly"] else "A",
                flows=tuple(flow.upper() for flow in options["flows"]),
            )
            return [(options["source"], connector_for(options["source"]), query, None)]
        if options["tariff_notices"]:
            since = options["since"] or timezone.localdate() - dt.timedelta(
                days=settings.FEDERAL_REGISTER_LOOKBACK_DAYS
            )
            query = NoticeQuery(since=since, term=settings.FEDERAL_REGISTER_TERM)
            return [("tariff notices", FederalRegisterConnector.from_settings(), query, None)]
        query = FileQuery.sample() if options["sample"] else FileQuery(path=options["file"])
        return [("file", FileConnector(), query, None)]

    def refresh(self, target):
        label, connector, query, negotiation = target
        try:
            if isinstance(connector, FederalRegisterConnector):
                run = refresh_notices(connector, query)
            else:
                run = refresh_series(
                    connector, query, on_start=link_to(negotiation) if negotiation else None
                )
        except (SeriesBusy, RefreshError) as error:
            self.stderr.write(f"{label}: {error}")
            return None
        if run.status == RefreshRun.Status.SUCCEEDED:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{label} {run.series}: {run.rows_inserted} inserted, {run.rows_updated} "
                    f"updated, {run.rows_unchanged} unchanged (run {run.pk})."
                )
            )
        else:
            self.stderr.write(f"{label} {run.series}: failed (run {run.pk}): {run.error}")
        return run
