from django.conf import settings
from django.core.management.base import BaseCommand

from core.tasks import delete_expired_exports


class Command(BaseCommand):
    help = (
        "Delete the background exports asked for more than EXPORT_KEEP_DAYS days ago, with "
        "their files (beat runs the same every night)."
    )

    def handle(self, *args, **options):
        deleted = delete_expired_exports()
        self.stdout.write(f"Deleted {deleted} exports older than {settings.EXPORT_KEEP_DAYS} days.")
