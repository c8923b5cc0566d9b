"""A measure's state on any date is derived from its dated history."""

import datetime as dt
from decimal import Decimal

import pytest

from tariffs.models import Status

from .factories import MeasureChangeFactory, MeasureFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def reciprocal():
    """Announced at 24% on 2 April, in force on 9 April, paused on 10 April, raised to 25% later."""
    measure = MeasureFactory()
    MeasureChangeFactory(
        measure=measure,
        effective_on=D(2025, 4, 2),
        status=Status.ANNOUNCED,
        ad_valorem_rate=Decimal("24"),
    )
    MeasureChangeFactory(
        measure=measure, effective_on=D(2025, 4, 9), status=Status.IN_FORCE, ad_valorem_rate=None
    )
    MeasureChangeFactory(
        measure=measure, effective_on=D(2025, 4, 10), status=Status.PAUSED, ad_valorem_rate=None
    )
    MeasureChangeFactory(
        measure=measure,
        effective_on=D(2025, 8, 7),
        status=Status.MODIFIED,
        ad_valorem_rate=Decimal("25"),
    )
    MeasureChangeFactory(
        measure=measure, effective_on=D(2025, 9, 1), status=Status.REVOKED, ad_valorem_rate=None
    )
    return measure


def test_before_its_announcement_a_measure_has_no_state(reciprocal):
    assert reciprocal.state_on(D(2025, 4, 1)) is None


def test_an_announced_measure_has_a_rate_but_is_not_applied(reciprocal):
    state = reciprocal.state_on(D(2025, 4, 5))
    assert (state.status, state.ad_valorem_rate, state.is_applied) == (
        Status.ANNOUNCED,
        Decimal("24"),
        False,
    )


def test_the_announced_rate_carries_into_force(reciprocal):
    state = reciprocal.state_on(D(2025, 4, 9))
    assert (state.status, state.ad_valorem_rate, state.is_applied) == (
        Status.IN_FORCE,
        Decimal("24"),
        True,
    )


def test_a_paused_measure_keeps_its_rate_but_is_not_applied(reciprocal):
    state = reciprocal.state_on(D(2025, 4, 10))
    assert (state.status, state.ad_valorem_rate, state.is_applied, state.since) == (
        Status.PAUSED,
        Decimal("24"),
        False,
        D(2025, 4, 10),
    )


def test_a_modification_applies_its_new_rate(reciprocal):
    state = reciprocal.state_on(D(2025, 8, 31))
    assert (state.status, state.ad_valorem_rate, state.is_applied) == (
        Status.MODIFIED,
        Decimal("25"),
        True,
    )


def test_a_revoked_measure_is_no_longer_applied(reciprocal):
    state = reciprocal.state_on(D(2026, 1, 1))
    assert (state.status, state.is_applied) == (Status.REVOKED, False)


def test_a_quota_keeps_each_of_its_figures_until_changed():
    quota = MeasureFactory(measure_type="trq", quota_unit="tonnes")
    MeasureChangeFactory(
        measure=quota,
        effective_on=D(2025, 1, 1),
        status=Status.IN_FORCE,
        ad_valorem_rate=None,
        in_quota_rate=Decimal("0"),
        out_of_quota_rate=Decimal("50"),
        quota_volume=Decimal("70000"),
    )
    MeasureChangeFactory(
        measure=quota,
        effective_on=D(2025, 7, 1),
        status=Status.MODIFIED,
        ad_valorem_rate=None,
        quota_volume=Decimal("90000"),
    )
    state = quota.state_on(D(2025, 7, 1))
    assert (state.in_quota_rate, state.out_of_quota_rate, state.quota_volume) == (
        Decimal("0"),
        Decimal("50"),
        Decimal("90000"),
    )
