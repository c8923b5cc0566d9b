"""At volume, the API and the pages cost a fixed number of queries, and the tracker's two
questions (the tariff on a product, the trade a measure covers) are answered through indexes.

The data set is `seed_volume` at a small scale (tests/scale/conftest.py): its shapes (many
targets, scope lines of every level, histories, sources, unions) are those of the full one.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from commodities.models import TradeFlow
from core import kept
from core.models import Economy
from negotiations.models import Concession, Negotiation, Round
from negotiations.volume import ROUNDS_PER_NEGOTIATION, seeded_economies
from tariffs import querysets
from tariffs.engine import lookup_duty
from tariffs.models import Measure, ScopeLine
from tariffs.services import measure_coverage

from .conftest import SMALL

pytestmark = pytest.mark.django_db

LISTS = [
    "economies",
    "negotiations",
    "rounds",
    "people",
    "sources",
    "measures",
    "commodities",
    "concessions",
    "trade-flows",
]
ON = dt.date(2025, 4, 10)


def queries(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(captured), response


def test_the_seeded_data_set_has_the_planned_sizes_and_shapes(volume):
    assert seeded_economies().count() == SMALL.economies
    assert seeded_economies().filter(kind=Economy.Kind.CUSTOMS_UNION).exists()
    assert Negotiation.objects.count() == SMALL.negotiations
    assert Round.objects.count() == SMALL.negotiations * ROUNDS_PER_NEGOTIATION
    assert Measure.objects.count() == SMALL.measures
    assert Concession.objects.count() == SMALL.concessions
    assert TradeFlow.objects.count() == SMALL.trade_flows
    levels = set(ScopeLine.objects.values_list("commodity__level", flat=True))
    assert levels == {2, 4, 6}
    assert not Measure.objects.annotate(steps=Count("changes")).filter(steps=0).exists()


@pytest.mark.parametrize("resource", LISTS)
def test_a_list_costs_the_same_queries_for_5_and_100_rows_at_volume(volume, resource):
    client = APIClient()
    kept.economies()  # kept by the process from its first request on
    few, response = queries(client, f"/api/v1/{resource}/", page_size=5)
    many, more = queries(client, f"/api/v1/{resource}/", page_size=100)
    assert len(response.json()["results"]) == 5
    assert len(more.json()["results"]) > 5
    assert many == few


def test_the_negotiation_page_costs_the_same_queries_for_the_smallest_and_largest(volume, client):
    sizes = Negotiation.objects.annotate(items=Count("concessions")).order_by("items")
    smallest, largest = sizes.first(), sizes.last()
    assert largest.items > smallest.items
    url = "negotiations:negotiation"
    kept.economies()  # kept by the process from its first request on
    few, _ = queries(client, reverse(url, args=[smallest.slug]))
    many, _ = queries(client, reverse(url, args=[largest.slug]))
    assert many == few


def test_the_measures_page_costs_the_same_queries_for_a_small_and_a_large_issuer(volume, client):
    issuers = (
        seeded_economies()
        .annotate(imposed=Count("measures_imposed"))
        .filter(imposed__gt=0)
        .order_by("imposed", "iso3")
    )
    small, large = issuers.first(), issuers.last()
    assert large.imposed > 3 * small.imposed
    # The economies and the filter form's choices are kept by the process from its first
    # request on.
    client.get(reverse("tariffs:measure-list"))
    few, _ = queries(client, reverse("tariffs:measure-list"), issuer=small.iso3)
    many, _ = queries(client, reverse("tariffs:measure-list"), issuer=large.iso3)
    assert many == few


# --- Query plans (PostgreSQL) ----------------------------------------------------------------


def scans(sql):
    """Every read of a table in the plan PostgreSQL makes for `sql`: (node, table, by index).

    "By index" means the rows are found by an index condition, not by a full pass over the
    table or over one of its indexes.
    """
    # A statement prepared as it first ran (`core.prepared`: "PREPARE …; EXECUTE …") is
    # explained by its EXECUTE, which the connection can run from then on.
    prepared, _, run = sql.partition("; EXECUTE ")
    if run and prepared.startswith("PREPARE "):
        sql = f"EXECUTE {run}"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    found, nodes = [], [plan[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        nodes.extend(node.get("Plans", []))
        if "Relation Name" in node:
            by_index = "Index Cond" in node or "Recheck Cond" in node
            found.append((node["Node Type"], node["Relation Name"], by_index))
    return found


def planned_scans(action):
    """The scans of every query `action` runs, planned as if sequential scans cost too much.

    With sequential scans priced out, the planner reads a table sequentially only when no
    index can serve the query: what remains says which questions lack an index, however few
    rows the test database holds.
    """
    with CaptureQueriesContext(connection) as captured:
        action()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    try:
        return [scan for query in captured.captured_queries for scan in scans(query["sql"])]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = on")


def busiest_issuer():
    return (
        seeded_economies()
        .annotate(imposed=Count("measures_imposed"))
        .order_by("-imposed", "iso3")
        .first()
    )


def test_the_tariff_lookup_finds_measures_scopes_and_histories_by_index(volume, postgres):
    importer = busiest_issuer()
    line = ScopeLine.objects.filter(measure__issuer=importer, excluded=False).first()
    code = line.commodity_id.ljust(6, "0")[:6]
    # An exporter the measure reaches, so that its scope and history are read.
    exporter = line.measure.targets.first() or seeded_economies().exclude(pk=importer.pk).first()
    found = planned_scans(lambda: lookup_duty(importer, exporter, code, ON))
    read = {"tariffs_measure", "tariffs_scopeline", "tariffs_measurechange"}
    assert {table for _, table, _ in found} >= read
    assert [scan for scan in found if scan[1] in read and not scan[2]] == []


def test_measure_coverage_finds_the_issuers_trade_flows_by_index(volume, postgres):
    reporters = TradeFlow.objects.values("reporter")
    measure = querysets.measures().filter(issuer__in=reporters).order_by("pk").first()
    found = planned_scans(lambda: measure_coverage(measure, 2024, ON))
    flows = [scan for scan in found if scan[1] == "commodities_tradeflow"]
    assert flows
    assert all(by_index for _, _, by_index in flows)
