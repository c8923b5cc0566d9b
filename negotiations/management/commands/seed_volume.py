from django.core.management.base import BaseCommand, CommandError

from commodities.importers import HSImportError
from negotiations.volume import (
    FULL,
    AlreadySeeded,
    VolumePlan,
    default_hs_source,
    delete_seeded,
    is_seeded,
    seed_volume,
)


class Command(BaseCommand):
    help = (
        "Build a realistic data set at volume for benchmarks: the HS nomenclature, then, at "
        "--scale 1, ~200 economies, 50 negotiations of 10 rounds with their delegations, 10,000 "
        "measures with histories and scopes, 20,000 concessions and 2,000,000 trade flows. "
        "Deterministic for a given --seed. Refuses if a seeded data set is there; --replace "
        "deletes it first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiplies every count (default 1)."
        )
        parser.add_argument("--seed", type=int, default=2025, help="Random seed (default 2025).")
        parser.add_argument(
            "--hs",
            metavar="PATH_OR_URL",
            default=None,
            help="HS table (section,hscode,description,parent,level); default: "
            "../shared/data/hs/harmonized-system.csv beside the checkout.",
        )
        parser.add_argument(
            "--replace", action="store_true", help="Delete a seeded data set first."
        )
        parser.add_argument(
            "--delete", action="store_true", help="Only delete a seeded data set, then stop."
        )
        for name in FULL:
            parser.add_argument(
                f"--{name.replace('_', '-')}",
                type=int,
                metavar="N",
                help=f"Exactly N {name.replace('_', ' ')} (instead of {FULL[name]:,} x scale).",
            )

    def handle(self, *args, **options):
        try:
            plan = VolumePlan.at_scale(options["scale"], **{name: options[name] for name in FULL})
        except ValueError as error:
            raise CommandError(str(error)) from None
        if is_seeded() and not (options["delete"] or options["replace"]):
            raise CommandError(
                "The database already holds a seeded data set. Run with --replace to delete it "
                "and seed again, or --delete."
            )
        if options["delete"] or options["replace"]:
            if is_seeded():
                deleted = delete_seeded()
                self.stdout.write(f"Deleted the seeded data set: {sum(deleted.values()):,} rows.")
            elif options["delete"]:
                self.stdout.write("No seeded data set to delete.")
            if options["delete"]:
                return
        self.stdout.write(f"Seeding {plan} (seed {options['seed']}).")
        try:
            report = seed_volume(
                plan,
                options["hs"] or default_hs_source(),
                seed=options["seed"],
                log=lambda line: self.stdout.write(f"  {line}"),
            )
        except AlreadySeeded as error:
            raise CommandError(
                f"{error}. Run with --replace to delete it and seed again, or --delete."
            ) from None
        except (HSImportError, ValueError) as error:
            raise CommandError(f"HS table: {error}") from None
        counts = ", ".join(
            f"{value:,} {name.replace('_', ' ')}"
            for name, value in report.counts.items()
            if name in FULL or name in ("rounds", "delegations")
        )
        self.stdout.write(self.style.SUCCESS(f"Seeded in {report.total_seconds:.1f} s: {counts}."))
