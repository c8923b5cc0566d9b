"""The engine's reads written in SQL (core/sql.py) give what the querysets that
state the same rules give, with the same Python types, on the demo and on either database."""

import datetime as dt

import pytest

from commodities import hs
from core.models import Economy
from tariffs.engine.book import reach_ids
from tariffs.engine.rows import CHILDREN, LOOKUP_MEASURES, MEASURES, MeasureRow
from tariffs.engine.schedule import NEWEST
from tariffs.models import Measure, ScheduleRevision, ScopeLine
from tariffs.models.relations import PartnerException

from ..factories import EconomyFactory, MeasureFactory, ScopeLineFactory


@pytest.fixture
def union(demo):
    """A customs union Japan belongs to, with a measure of the US aimed at it on cars and
    one on everything; and a partner Japan is an exception of."""
    japan, usa = Economy.objects.get(iso3="JPN"), Economy.objects.get(iso3="USA")
    union = EconomyFactory(iso3="XPU", name="A Pacific union", kind="customs_union")
    union.members.set([japan])
    aimed = MeasureFactory(issuer=usa, title="Union cars")
    aimed.targets.set([union])
    ScopeLineFactory(measure=aimed, commodity_id="8703")
    everything = MeasureFactory(issuer=usa, title="Union everything", covers_all_products=True)
    everything.targets.set([union])
    PartnerException.objects.create(measure=everything, economy=japan)
    return union


def codes_in_play():
    codes = set(ScopeLine.objects.values_list("commodity_id", flat=True))
    return sorted(codes | {"870323", "87032301", "8703230190", "0101", "9999999999"})


def test_a_lookups_measures_are_those_the_querysets_choose(union):
    importers = Economy.objects.filter(measures_imposed__isnull=False).distinct()
    compared = 0
    for importer in importers:
        for exporter in Economy.objects.all():
            reach = reach_ids(exporter)
            for code in codes_in_play():
                expected = (
                    Measure.objects.filter(issuer=importer)
                    .reaching_ids(reach)
                    .touching(code)
                    .order_by("pk")
                    .values_list(*MeasureRow.COLUMNS)
                )
                written = LOOKUP_MEASURES.rows(importer.pk, reach, hs.prefixes(code))
                assert typed(sorted(map(tuple, written))) == typed(expected), (exporter, code)
                compared += bool(written)
    # Not only empty lists compared: 33 of the questions on the demo find measures.
    assert compared >= 30
    usa, japan = Economy.objects.get(iso3="USA"), Economy.objects.get(iso3="JPN")
    titles = {row[1] for row in LOOKUP_MEASURES.rows(usa.pk, reach_ids(japan), ["87", "8703"])}
    assert {"Union cars", "Union everything"} <= titles
    usa_reach = reach_ids(usa)
    titles = {row[1] for row in LOOKUP_MEASURES.rows(usa.pk, usa_reach, ["87", "8703"])}
    assert not {"Union cars", "Union everything"} & titles


def test_an_economys_reach_is_its_unions_as_the_queryset_says(union):
    japan = Economy.objects.get(iso3="JPN")
    assert reach_ids(japan) == {japan.pk, union.pk}
    for economy in Economy.objects.all():
        assert reach_ids(economy) == set(
            Economy.objects.reach([economy]).values_list("pk", flat=True)
        )


def test_the_revision_in_effect_is_the_one_the_queryset_orders_first(demo):
    from django.db import connection

    usa = Economy.objects.get(iso3="USA")
    revisions = list(ScheduleRevision.objects.filter(importer=usa))
    assert len(revisions) >= 2
    days = [dt.date(2024, 12, 31)]
    for revision in revisions:
        days += [revision.effective_from - dt.timedelta(days=1), revision.effective_from]
    for day in days:
        with connection.cursor() as cursor:
            cursor.execute(NEWEST, [usa.pk, day])
            found = cursor.fetchone()
        expected = ScheduleRevision.objects.newest_first(usa, day).first()
        assert (found[0] if found else None) == (expected.pk if expected else None), day


def test_rows_come_back_with_the_types_the_orm_gives(union):
    """Dates as dates, rates as Decimals, flags as booleans, on SQLite as on PostgreSQL."""
    ids = list(Measure.objects.values_list("pk", flat=True))
    measures = MEASURES.rows(Measure.objects.all())
    assert typed(sorted(map(tuple, measures))) == typed(
        Measure.objects.order_by("pk").values_list(*MeasureRow.COLUMNS)
    )
    for attribute, cls, select in CHILDREN:
        model = select.fields[0].model
        written = sorted(map(tuple, select.rows(ids)), key=repr)
        expected = sorted(
            model.objects.filter(measure_id__in=ids).values_list("measure_id", *cls.COLUMNS),
            key=repr,
        )
        assert typed(written) == typed(expected), attribute
        assert written, attribute


def typed(rows):
    """Rows with each value's type beside it: Decimal("25") == 25.0, but not as typed."""
    return [tuple((type(value).__name__, value) for value in row) for row in rows]
