"""A seeded data set at a small scale, written once for a test module and rolled back after."""

import pytest
from django.db import transaction

from negotiations.volume import VolumePlan, default_hs_source, seed_volume

# Enough rows that a list's page of 100 is full and negotiations differ in size; small
# enough to seed in seconds.
SMALL = VolumePlan.at_scale(0.01, negotiations=8, trade_flows=3_000)


@pytest.fixture(scope="module")
def volume(django_db_setup, django_db_blocker):
    """The seeded data set; each test runs in a savepoint inside the module's transaction."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = seed_volume(SMALL, default_hs_source())
        yield report
        transaction.set_rollback(True)
