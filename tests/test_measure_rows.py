"""A list's measures as plain rows carry what their instances give: targets in the economies'
order, the issuer's code, and the state their history folds to on a date."""

import datetime as dt
from decimal import Decimal

import pytest

from core.models import DataVersion
from tariffs.models import Measure
from tariffs.querysets import measure_summaries, measure_summary_rows

from .factories import EconomyFactory, MeasureChangeFactory, MeasureFactory

pytestmark = pytest.mark.django_db

DAYS = [dt.date(2025, 1, 1), dt.date(2025, 4, 3), dt.date(2025, 6, 1), dt.date(2026, 2, 20)]


@pytest.fixture
def measures(db):
    japan = EconomyFactory(iso3="JPN", name="Japan")
    korea = EconomyFactory(iso3="KOR", name="Korea")
    canada = EconomyFactory(iso3="CAN", name="Canada")
    steel = MeasureFactory(title="Steel")
    steel.targets.set([korea, japan, canada])
    MeasureChangeFactory(measure=steel, effective_on=dt.date(2025, 3, 12), status="announced")
    MeasureChangeFactory(measure=steel, effective_on=dt.date(2025, 4, 3))
    MeasureChangeFactory(
        measure=steel,
        effective_on=dt.date(2025, 5, 1),
        published_on=dt.date(2025, 4, 20),
        status="announced",
        ad_valorem_rate=Decimal("50"),
    )
    MeasureChangeFactory(
        measure=steel, effective_on=dt.date(2025, 6, 1), status="modified", ad_valorem_rate=None
    )
    cars = MeasureFactory(title="Cars", issuer=japan, applies_to_all_economies=True)
    MeasureChangeFactory(measure=cars, effective_on=dt.date(2025, 4, 3), form="total")
    MeasureFactory(title="Not yet", issuer=korea)
    return Measure.objects.all()


def test_a_row_carries_what_its_instance_gives(measures):
    rows = {row["id"]: row for row in measure_summary_rows("title", "issuer__iso3")}
    assert len(rows) == 3
    for measure in measure_summaries():
        row = rows[measure.pk]
        assert row["issuer__iso3"] == measure.issuer.iso3
        assert row["targets"] == [economy.iso3 for economy in measure.targets.all()]
        for day in DAYS:
            assert Measure.state_from_history(row["changes"], day) == measure.state_on(day)
    steel = next(row for row in rows.values() if row["title"] == "Steel")
    assert steel["targets"] == ["CAN", "JPN", "KOR"]
    assert Measure.state_from_history(steel["changes"], DAYS[2]).ad_valorem_rate == 50


def test_rows_read_in_chunks_are_the_rows_read_at_once(measures, django_assert_num_queries):
    at_once = list(measure_summary_rows("title", "issuer__iso3"))
    in_chunks = list(measure_summary_rows("title", "issuer__iso3").iterator(chunk_size=2))
    assert in_chunks == at_once
    # The rows, then targets, history and issuers: per chunk, not per row. The economies'
    # codes come from those the process keeps; outside a request, each reader of them asks
    # the data's version (targets and issuers: two queries).
    with django_assert_num_queries(5):
        list(measure_summary_rows("title", "issuer__iso3"))
    DataVersion.read_for_request()  # as a request does, once
    try:
        with django_assert_num_queries(3):
            list(measure_summary_rows("title", "issuer__iso3"))
    finally:
        DataVersion.forget()


def test_the_rows_the_fold_reads_by_place_begin_with_its_fields():
    """`state_from_changes` reads a row's carried rates by place: each kind of row it folds
    (a list's history, a timeline's changes) lists FOLDED_FIELDS first."""
    from negotiations.event_rows import MeasureChangeRow
    from tariffs.engine.rows import ChangeRow
    from tariffs.state import FOLDED_FIELDS

    for row in (ChangeRow, MeasureChangeRow):
        assert row._fields[: len(FOLDED_FIELDS)] == FOLDED_FIELDS


def test_a_state_made_by_the_fold_is_the_one_its_constructor_makes():
    import dataclasses

    from tariffs.state import MeasureState

    fewest = {"status": "in_force", "since": dt.date(2025, 4, 3)}
    every = {
        field.name: getattr(MeasureState(**fewest), field.name)
        for field in dataclasses.fields(MeasureState)
    }
    every |= {"ad_valorem_rate": Decimal("15"), "form": "total", "quota_volume": Decimal("1e6")}
    for fields in (fewest, every):
        made = MeasureState.of(fields)
        assert made == MeasureState(**fields) and hash(made) == hash(MeasureState(**fields))
        assert repr(made) == repr(MeasureState(**fields))
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.status = "paused"
