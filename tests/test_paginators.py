"""A whole table is counted with fixed SQL (`core.paginators`); a narrowed list as Django
counts it: both give the number of rows the list has."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from core.paginators import Paginator, count_of, whole_table
from tariffs.models import Measure

from .factories import EconomyFactory, MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def measures():
    usa, japan = EconomyFactory(iso3="USA"), EconomyFactory(iso3="JPN")
    for n in range(5):
        MeasureFactory(issuer=usa if n % 2 else japan, title=f"Measure {n}")


def counted(rows):
    with CaptureQueriesContext(connection) as queries:
        number = count_of(rows)
    return number, [query["sql"] for query in queries.captured_queries]


def test_a_whole_table_is_counted_by_its_own_statement(measures):
    number, sql = counted(Measure.objects.select_related("issuer").order_by("title"))
    assert number == 5
    assert sql == ['SELECT COUNT(*) FROM "tariffs_measure"']


@pytest.mark.parametrize(
    "narrowed",
    [
        lambda: Measure.objects.filter(issuer__iso3="USA"),
        lambda: Measure.objects.values("issuer").annotate(n=Count("pk")),
        lambda: Measure.objects.values("issuer").distinct(),
        lambda: Measure.objects.order_by("title")[:3],
        lambda: Measure.objects.filter(title="Measure 1").union(
            Measure.objects.filter(title="Measure 2")
        ),
    ],
)
def test_a_narrowed_list_is_counted_as_django_counts_it(measures, narrowed):
    rows = narrowed()
    assert not whole_table(rows)
    number, sql = counted(rows)
    assert number == narrowed().count() < 5
    assert sql != ['SELECT COUNT(*) FROM "tariffs_measure"']


def test_the_paginator_counts_so(measures):
    assert Paginator(Measure.objects.all(), 2).num_pages == 3
    assert Paginator(Measure.objects.filter(issuer__iso3="JPN"), 2).num_pages == 2
    assert Paginator(list(range(7)), 2).num_pages == 4
