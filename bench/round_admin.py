"""A round's change page in the admin: time, bytes and queries with 1 and 50 concessions.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker \\
        .venv/bin/python bench/round_admin.py --runs 10

Builds a scratch database beside the configured one (`<name>_round_admin`, dropped at the end),
loads the demo and adds to the demo negotiation two rounds of its own: one with 1 concession,
one with 50, each concession with a giver, a receiver, a commodity, two sources and a status
step at the round. The demo's round 8 (the agreement) is measured as it is. Each page is asked
through Django's test client in this process (production settings, logged in as a
superuser): the first request warms the templates, then `--runs` requests are timed. The
1-concession page is the baseline of the ratios.
"""

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import describe_machine, machine, scratch_database, setup_django

SIZES = (1, 50)


def add_round(negotiation, sequence, concessions):
    """A round of `negotiation` with `concessions` concessions, each moved at the round."""
    from commodities.models import Commodity
    from core.models import Economy, Source
    from negotiations.models import Concession, ConcessionStatusChange, Round

    day = dt.date(2025, 8, 1) + dt.timedelta(days=sequence)
    round_ = Round.objects.create(
        negotiation=negotiation,
        sequence=sequence,
        title=f"Round {sequence} with {concessions} concessions",
        start_date=day,
        end_date=day,
    )
    japan, usa = Economy.objects.get(iso3="JPN"), Economy.objects.get(iso3="USA")
    codes = list(Commodity.objects.order_by("code").values_list("code", flat=True)[:concessions])
    sources = list(Source.objects.order_by("pk")[:2])
    for number in range(concessions):
        concession = Concession.objects.create(
            negotiation=negotiation,
            round=round_,
            giver=japan,
            receiver=usa,
            commodity_id=codes[number % len(codes)],
            kind=Concession.Kind.TARIFF_CUT,
            title=f"Concession {number + 1} of round {sequence}",
        )
        concession.sources.set(sources)
        step = ConcessionStatusChange.objects.create(
            concession=concession,
            changed_on=day,
            status=Concession.Status.OFFERED,
            round=round_,
        )
        step.sources.set(sources)
    return round_


def measure(client, url, runs):
    from django.db import connection

    response = client.get(url)
    assert response.status_code == 200, response.status_code
    queries = []

    def count(execute, sql, *rest):
        queries.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(count):
        client.get(url)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
    return {
        "median_ms": statistics.median(times) * 1000,
        "max_ms": max(times) * 1000,
        "bytes": len(response.content),
        "queries": len(queries),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    runs = args.runs
    setup_django()

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from negotiations.demo import load_demo

    scratch, _ = scratch_database("round_admin")
    try:
        negotiation = load_demo()
        rounds = {"demo round 8": negotiation.rounds.get(sequence=8)}
        for number, size in enumerate(SIZES):
            rounds[f"{size} concession{'s' if size > 1 else ''}"] = add_round(
                negotiation, 20 + number, size
            )
        user = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        print(describe_machine(machine()))
        figures = {
            label: measure(client, reverse("admin:negotiations_round_change", args=[r.pk]), runs)
            for label, r in rounds.items()
        }
    finally:
        connection.creation.destroy_test_db(scratch, verbosity=0)
    baseline = figures["1 concession"]["median_ms"]
    print("| page | median | max | bytes | queries | ratio to 1 concession |")
    print("|---|---|---|---|---|---|")
    for label, row in figures.items():
        print(
            f"| {label} | {row['median_ms']:.0f} ms | {row['max_ms']:.0f} ms | "
            f"{row['bytes']:,} | {row['queries']} | {row['median_ms'] / baseline:.2f} |"
        )


if __name__ == "__main__":
    main()
