"""What-if measurements behind the recommendations in docs/benchmarks.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_volume .venv/bin/python bench/what_if.py

In this process, on the seeded database, it times the list views as they are and as they
would be with a queryset that reads only what the brief list shows (the same view class, its
`get_queryset` overridden here and nowhere else), breaks the largest negotiation's page down
by what it shows, and times measure coverage with and without an index on the trade flows
by (reporter, flow, year, month), created here and dropped again.
"""

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import describe_machine, machine, setup_django

REPEAT = 15
INDEX = "bench_tradeflow_reporter_flow_year_month"


def median_ms(action, repeat=REPEAT):
    action()
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds) * 1000


def list_view(viewset, queryset=None):
    from rest_framework.test import APIRequestFactory

    attributes = {}
    if queryset is not None:
        attributes["get_queryset"] = lambda self: queryset()
    view = type(f"WhatIf{viewset.__name__}", (viewset,), attributes).as_view({"get": "list"})
    factory = APIRequestFactory()

    def call():
        response = view(factory.get("/", {"page_size": 100}, HTTP_HOST="127.0.0.1"))
        response.render()
        assert response.status_code == 200

    return call


def lists():
    from commodities.api.views import ConcessionViewSet
    from commodities.models import Concession
    from tariffs.api.views import MeasureViewSet
    from tariffs.models import Measure

    cases = [
        (
            "measures",
            MeasureViewSet,
            lambda: Measure.objects.select_related("issuer").prefetch_related("targets", "changes"),
            "select_related('issuer'), prefetch targets and changes only",
        ),
        (
            "concessions",
            ConcessionViewSet,
            lambda: Concession.objects.select_related("negotiation", "giver", "receiver"),
            "select_related negotiation, giver, receiver; no prefetch",
        ),
    ]
    for name, viewset, trimmed, how in cases:
        now = median_ms(list_view(viewset))
        then = median_ms(list_view(viewset, trimmed))
        print(f"API {name} list, 100 rows: {now:.1f} ms now; {then:.1f} ms with {how}")


def negotiation_page():
    from django.db.models import Count, Q
    from django.test import Client

    from negotiations.models import Negotiation
    from negotiations.services import concession_board, timeline
    from negotiations.views import latest_trade_year
    from negotiations.volume import SLUG_PREFIX
    from tariffs import querysets
    from tariffs.services import coverage_among

    negotiation = (
        Negotiation.objects.filter(slug__startswith=SLUG_PREFIX)
        .annotate(items=Count("concessions"))
        .order_by("-items")
        .first()
    )
    parties = list(negotiation.parties.all())
    year = latest_trade_year(parties)
    in_play = (
        querysets.measures()
        .filter(issuer__in=parties)
        .filter(Q(applies_to_all_economies=True) | Q(targets__in=parties))
        .distinct()
        .order_by("title")
    )
    events = timeline(negotiation)
    board = concession_board(negotiation)
    items = sum(len(column) for columns in board.values() for _, _, column in columns)
    today = dt.date.today()
    rows = coverage_among(in_play, parties, year, today)
    kinds = {}
    for event in events:
        kinds[event.kind] = kinds.get(event.kind, 0) + 1
    client = Client(HTTP_HOST="127.0.0.1")
    url = f"/negotiations/{negotiation.slug}/"
    response = client.get(url)
    print(
        f"Negotiation page {negotiation.slug}: {len(response.content) / 2**20:.1f} MiB of HTML; "
        f"timeline {len(events)} events {kinds}, board {items} items, "
        f"{len(rows)} measures in play"
    )
    print(
        f"  median: whole page {median_ms(lambda: client.get(url), 3):.0f} ms; "
        f"timeline {median_ms(lambda: timeline(negotiation), 3):.0f} ms; "
        f"board {median_ms(lambda: concession_board(negotiation), 3):.0f} ms; "
        f"coverage {median_ms(lambda: coverage_among(in_play, parties, year, today), 3):.0f} ms"
    )


def coverage_index():
    from django.db import connection

    from commodities.models import TradeFlow
    from tariffs import querysets
    from tariffs.models import Measure
    from tariffs.services import measure_coverage

    reporters = TradeFlow.objects.values("reporter")
    ids = list(
        Measure.objects.filter(issuer__in=reporters).order_by("pk").values_list("pk", flat=True)
    )[::25]
    measures = list(querysets.measures().filter(pk__in=ids))

    def all_coverage():
        for measure in measures:
            measure_coverage(measure, 2024)

    def per_call():
        return median_ms(all_coverage, 3) / len(measures)

    heaviest = (
        querysets.measures()
        .filter(issuer__in=reporters, applies_to_all_economies=True, covers_all_products=True)
        .order_by("pk")
        .first()
    )

    def heaviest_ms():
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            measure_coverage(heaviest, 2024)
        sql = captured.captured_queries[0]["sql"]
        times = []
        with connection.cursor() as cursor:
            for _ in range(5):
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
                times.append(cursor.fetchone()[0][0]["Execution Time"])
        return statistics.median(times)

    before, heavy_before = per_call(), heaviest_ms()
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON commodities_tradeflow "
            "(reporter_id, flow, year, month)"
        )
        cursor.execute("ANALYZE commodities_tradeflow")
    try:
        after, heavy_after = per_call(), heaviest_ms()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    print(
        f"measure_coverage, mean of {len(measures)} measures: {before:.1f} ms now; "
        f"{after:.1f} ms with an index on (reporter, flow, year, month); the all-products, "
        f"all-partners measure {heaviest.pk}'s query executes in {heavy_before:.1f} ms now, "
        f"{heavy_after:.1f} ms with it"
    )


def main():
    setup_django()
    from negotiations.volume import is_seeded

    if not is_seeded():
        sys.exit("No seeded data set: run manage.py seed_volume --scale 1 first.")
    print(describe_machine(machine()))
    lists()
    coverage_index()
    negotiation_page()


if __name__ == "__main__":
    main()
