"""List the deleted rows of a model, or restore one with what its deletion took."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from core.history import history_of
from core.restore import RestoreRefused, deleted_rows, restore_deletion


class Command(BaseCommand):
    help = (
        "Without RECORD: list the deleted rows of MODEL (e.g. negotiations.Negotiation) with "
        "the id of their deletion record. With it: restore that row and what went with it."
    )

    def add_arguments(self, parser):
        parser.add_argument("model", help="app_label.ModelName, e.g. tariffs.Measure")
        parser.add_argument("record", nargs="?", type=int, help="the deletion record's id")

    def handle(self, *args, model, record=None, **options):
        try:
            model = apps.get_model(model)
        except (LookupError, ValueError) as error:
            raise CommandError(f"Unknown model {model!r}: use app_label.ModelName.") from error
        if history_of(model) is None:
            raise CommandError(f"{model._meta.label} keeps no history.")
        if record is None:
            key = model._meta.pk.attname
            for row in deleted_rows(model):
                self.stdout.write(
                    f"{row.history_id}\t{row.history_date:%Y-%m-%d %H:%M}\t"
                    f"{key}={getattr(row, key)}\t{row.instance}"
                )
            return
        try:
            restored = restore_deletion(model, record)
        except RestoreRefused as refused:
            raise CommandError(str(refused)) from refused
        for restored_model, count in restored.items():
            self.stdout.write(f"{restored_model._meta.label}: {count} restored")
