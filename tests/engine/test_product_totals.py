"""Products' total duties for several importers, exporters and days at once
(`tariffs.engine.rates.product_totals`), against the hand computation of the demo's compare
column (tests/pages/test_compare_page.py): the United States on goods from Japan,
- steel, HS 7208.51 (one rate line, Free): 0 + 25 (Section 232 steel, from 12 March 2025)
  = 25 % on 15 April 2025; 0 + 50 (raised from 4 June 2025) = 50 % on 20 February 2026;
- autos, HS 8703.23 (one rate line, 2.5 %): 2.5 + 25 (Section 232 autos) = 27.5 % on
  15 April 2025; Japan's 15 % all-in rate (from 16 September 2025) = 15 % on 20 February 2026.
Japan has no national schedule in the demo: no base rate, so no total is claimed.

The US schedule revisions the demo loads: the 2025 Basic Edition from 1 January 2025,
2025 Revision 23 from 12 September 2025, 2026 Revision 10 from 8 June 2026.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tariffs.engine.bulk import BulkDuty, revisions_in_effect, revisions_on_days
from tariffs.engine.rates import product_totals
from tariffs.models import ScheduleRevision

pytestmark = pytest.mark.django_db

BEFORE, NOW = dt.date(2025, 4, 15), dt.date(2026, 2, 20)
STEEL, AUTOS = "720851", "870323"


def test_the_revision_in_effect_on_each_day_in_one_query(usa, japan):
    days = [dt.date(2024, 12, 31), BEFORE, dt.date(2025, 9, 11), dt.date(2025, 9, 12), NOW]
    with CaptureQueriesContext(connection) as captured:
        found = revisions_on_days([usa.pk, japan.pk], days)
    assert len(captured) == 1
    names = {day: r.name if r else None for (pk, day), r in found.items() if pk == usa.pk}
    assert names == {
        dt.date(2024, 12, 31): None,
        BEFORE: "2025 Basic Edition",
        dt.date(2025, 9, 11): "2025 Basic Edition",
        dt.date(2025, 9, 12): "2025 Revision 23",
        NOW: "2025 Revision 23",
    }
    assert all(found[japan.pk, day] is None for day in days)
    # The same rule as the queryset's, and as the one-day reading.
    for day in days:
        assert found[usa.pk, day] == ScheduleRevision.objects.in_effect_on(usa, day)
    assert revisions_in_effect([usa.pk, japan.pk], NOW) == {usa.pk: found[usa.pk, NOW]}


def test_products_totals_match_the_hand_computation(usa, japan):
    asked = [(i, e, day) for i, e in ((usa, japan), (japan, usa)) for day in (BEFORE, NOW)]
    with CaptureQueriesContext(connection) as captured:
        totals = product_totals(asked, [STEEL, AUTOS])
    # The revisions; the US measures on the codes (six); the weights (two); the unions; the
    # base rates: for both importers on both days.
    assert len(captured) == 11
    assert totals[usa.pk, japan.pk, BEFORE] == {STEEL: Decimal(25), AUTOS: Decimal("27.5")}
    assert totals[usa.pk, japan.pk, NOW] == {STEEL: Decimal(50), AUTOS: Decimal(15)}
    assert totals[japan.pk, usa.pk, BEFORE] == {STEEL: None, AUTOS: None}
    assert totals[japan.pk, usa.pk, NOW] == {STEEL: None, AUTOS: None}


def test_without_a_schedule_only_the_revisions_are_read(usa, japan):
    """Japan has no national schedule: no base rate, so no total, and nothing else to read."""
    with CaptureQueriesContext(connection) as captured:
        totals = product_totals([(japan, usa, BEFORE), (japan, usa, NOW)], [STEEL, AUTOS])
    assert len(captured) == 1
    assert totals == {
        (japan.pk, usa.pk, BEFORE): {STEEL: None, AUTOS: None},
        (japan.pk, usa.pk, NOW): {STEEL: None, AUTOS: None},
    }
    # Nor before the first US revision (1 January 2025).
    early = dt.date(2024, 12, 31)
    assert product_totals([(usa, japan, early)], [STEEL]) == {
        (usa.pk, japan.pk, early): {STEEL: None}
    }


def test_a_total_is_the_products_total(usa, japan):
    """`BulkDuty.total` answers as `product` does, without resolving when no base is known."""
    for importer, exporter in ((usa, japan), (japan, usa)):
        for day in (BEFORE, NOW):
            duty = BulkDuty(importer, day)
            for code in (STEEL, AUTOS, "760110", "870840"):
                assert duty.total(exporter.pk, code) == duty.product(exporter.pk, code).total
