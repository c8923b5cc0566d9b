"""Each filterset gets its own copies of its class's filters (`core.api.filtersets.Filters`):
its method filters call its own methods with its own data, and what one filterset builds
(fields, querysets read for the request) stays its own."""

import datetime as dt

import pytest
from django.http import QueryDict

from tariffs.filtersets import MeasureFilterSet
from tariffs.models import Measure

from .factories import MeasureChangeFactory

pytestmark = pytest.mark.django_db


def test_two_filtersets_filter_by_their_own_dates():
    """`status` is a method filter that reads its filterset's `on`: made one after the other
    and read in turn, each filterset keeps the measure in force on its own date only."""
    change = MeasureChangeFactory(effective_on=dt.date(2025, 4, 3), status="in_force")
    before = MeasureFilterSet(QueryDict("status=in_force&on=2025-01-01"), Measure.objects.all())
    after = MeasureFilterSet(QueryDict("status=in_force&on=2025-06-01"), Measure.objects.all())
    assert list(after.qs) == [change.measure]
    assert list(before.qs) == []
    for filterset in (before, after):
        status = filterset.filters["status"]
        assert status.parent is filterset and status.filter.f is status


def test_what_a_filterset_builds_stays_its_own():
    one = MeasureFilterSet(QueryDict("issuer=USA"), Measure.objects.all())
    other = MeasureFilterSet(QueryDict(""), Measure.objects.all())
    assert one.form.is_valid() is False  # no such economy in an empty database
    issuer = MeasureFilterSet.base_filters["issuer"]
    assert "_field" not in issuer.__dict__
    assert one.filters["issuer"] is not other.filters["issuer"] is not issuer
    assert one.filters["issuer"].extra is not issuer.extra
    assert one.filters["issuer"].extra is not other.filters["issuer"].extra
