"""A measure's state on any date is derived from its dated history."""

import datetime as dt
from decimal import Decimal

import pytest

from tariffs.models import Form, Status

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
        measure=measure, effective_on=D(2025, 9, 1), status=Status.TERMINATED, ad_valorem_rate=None
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


def test_a_terminated_measure_is_no_longer_applied(reciprocal):
    state = reciprocal.state_on(D(2026, 1, 1))
    assert (state.status, state.is_applied) == (Status.TERMINATED, False)


def test_a_quota_keeps_each_of_its_figures_until_changed():
    quota = MeasureFactory()
    MeasureChangeFactory(
        measure=quota,
        effective_on=D(2025, 1, 1),
        status=Status.IN_FORCE,
        form=Form.QUOTA,
        in_quota_form=Form.ADDS,
        out_of_quota_form=Form.ADDS,
        quota_unit="tonnes",
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


def test_an_announcement_made_while_in_force_switches_nothing_off(reciprocal):
    # Announced on 20 August, with no date of effect: the 25 % in force stays collected.
    MeasureChangeFactory(
        measure=reciprocal,
        effective_on=D(2025, 8, 20),
        status=Status.ANNOUNCED,
        ad_valorem_rate=Decimal("10"),
    )
    state = reciprocal.state_on(D(2025, 8, 25))
    assert (state.status, state.ad_valorem_rate, state.is_applied) == (
        Status.MODIFIED,
        Decimal("25"),
        True,
    )


def test_a_step_published_later_is_retroactive_and_unknown_before(reciprocal):
    # Decided on 4 September, applying from 7 August.
    MeasureChangeFactory(
        measure=reciprocal,
        effective_on=D(2025, 8, 7),
        published_on=D(2025, 9, 4),
        status=Status.MODIFIED,
        form=Form.TOTAL,
        ad_valorem_rate=Decimal("15"),
    )
    now = reciprocal.state_on(D(2025, 8, 10))
    assert (now.form, now.ad_valorem_rate, now.retroactive) == (Form.TOTAL, Decimal("15"), True)
    then = reciprocal.state_on(D(2025, 8, 10), known_on=D(2025, 8, 10))
    assert (then.ad_valorem_rate, then.retroactive) == (Decimal("25"), False)
