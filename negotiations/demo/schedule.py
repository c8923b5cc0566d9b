"""The US tariff schedule the demo needs: the shipped extracts of three HTS revisions."""

import io

from django.core.management import call_command

from tariffs.shipped_schedule import SHIPPED_REVISIONS, shipped_path


def load_schedule():
    """Import each shipped revision; a revision already loaded from the same file is left as
    it is (the import compares checksums and dates first)."""
    for name, importer, revision, effective in SHIPPED_REVISIONS:
        call_command(
            "import_schedule",
            str(shipped_path(name)),
            importer=importer,
            revision=revision,
            effective=effective.isoformat(),
            stdout=io.StringIO(),
        )
