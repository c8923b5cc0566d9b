"""API list endpoints and HTML pages at volume, against raw-SQL baselines in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_volume \\
        .venv/bin/python bench/endpoints.py --seconds 15

Needs a seeded database (manage.py seed_volume --scale 1), wrk and redis-server. Serves the
site with gunicorn (2 sync workers, config.settings.bench: production settings, DEBUG off,
a Redis cache of its own) and runs wrk on loopback against each target and its baseline view
(bench/views.py: the same rows from raw SQL), one after the other.

Two runs. **Missed** (the targets): no answer repeats. Each wrk connection sends GETs over a
rotation of different pages (every page of the measures and concessions, 200 trade-flow
cursors), the site's page sections are never kept (PAGE_FRAGMENT_CACHE_SECONDS=0), and the
baselines get the same rotation. Only the effective rates stay cached, as a worker keeps
them after any change of the duty data. **Warm**: one address asked again and again, the
sections kept as deployed. Prints requests/s, p50 and p99 and the ratio of throughputs.
"""

import argparse
import base64
import json
import os
import random
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    Gunicorn,
    RedisServer,
    describe_machine,
    free_port,
    lua_rotation,
    machine,
    setup_django,
    wrk,
)

TARGET_RATIO = {"api": 0.7, "page": 0.5}
API_ROWS = 100
PAGE_ROWS = 50
ROTATION = 200  # different compare and lookup pages on the missed run


def pages(path, count):
    joiner = "&" if "?" in path else "?"
    return [f"{path}{joiner}page={number}" for number in range(1, count + 1)]


def trade_flow_cursors(count, seed=2025):
    """Addresses of `count` pages of trade flows, newest first from random rows: the API's
    cursor (DRF's, the position in base64) and the baseline's `before`."""
    from commodities.models import TradeFlow

    ids = TradeFlow.objects.order_by("-id").values_list("id", flat=True)
    top = ids.first()
    chosen = random.Random(seed).sample(range(API_ROWS + 1, top), count)
    size = f"page_size={API_ROWS}"
    app = []
    for position in chosen:
        cursor = base64.b64encode(urlencode({"p": position}).encode()).decode()
        app.append(f"/api/v1/trade-flows/?{urlencode({'cursor': cursor})}&{size}")
    baseline = [f"/bench/api/trade-flows/?before={position}&{size}" for position in chosen]
    return app, baseline


def compare_queries(count, seed=2025):
    """`count` different query strings of the compare page: pairs and triples of the seeded
    negotiations."""
    from negotiations.models import Negotiation
    from negotiations.volume import SLUG_PREFIX

    slugs = list(
        Negotiation.objects.filter(slug__startswith=SLUG_PREFIX)
        .order_by("slug")
        .values_list("slug", flat=True)
    )
    rng, chosen = random.Random(seed), set()
    while len(chosen) < count:
        chosen.add(tuple(rng.sample(slugs, rng.choice((2, 3)))))
    return [urlencode([("n", slug) for slug in group]) for group in sorted(chosen)]


def lookup_questions(count, seed=2025):
    """`count` different lookups as (importer, exporter, code, date): national lines of the
    schedule revisions on record against seeded partners (and those the importer's measures
    aim at), on days of 2025 and 2026."""
    import datetime as dt

    from core.models import Economy
    from negotiations.volume import seeded_economies
    from tariffs.models import Measure, NationalLine, ScheduleRevision

    revisions = list(ScheduleRevision.objects.select_related("importer").order_by("pk"))
    if not revisions:
        sys.exit("No schedule on record: import one first (manage.py import_schedule).")
    countries = Economy.objects.filter(kind=Economy.Kind.COUNTRY)
    seeded = seeded_economies().filter(kind=Economy.Kind.COUNTRY)
    seeded = set(seeded.values_list("iso3", flat=True))
    partners = {}
    for importer in {revision.importer for revision in revisions}:
        aimed = Measure.targets.through.objects.filter(measure__issuer=importer).values("economy")
        found = set(countries.filter(pk__in=aimed).values_list("iso3", flat=True)) | seeded
        partners[importer.pk] = sorted(found - {importer.iso3})
    codes = {
        revision.pk: list(
            NationalLine.objects.filter(revision=revision, hs6__isnull=False)
            .order_by("code")
            .values_list("code", flat=True)
        )
        for revision in revisions
    }
    rng, first, chosen = random.Random(seed), dt.date(2025, 1, 1), set()
    while len(chosen) < count:
        importer = rng.choice(sorted(partners))
        day = first + dt.timedelta(days=rng.randrange(730))
        in_effect = [r for r in revisions if r.importer_id == importer and r.effective_from <= day]
        if not in_effect:
            continue
        revision = in_effect[-1]
        exporter = rng.choice(partners[revision.importer_id])
        chosen.add((revision.importer.iso3, exporter, rng.choice(codes[revision.pk]), str(day)))
    return sorted(chosen)


def targets(largest, median):
    """(name, kind, the site's addresses, the baseline's addresses), the same rows each."""
    from negotiations.models import Concession
    from tariffs.models import Measure

    def count(model, size):
        return -(-model.objects.count() // size)

    api = f"?page_size={API_ROWS}"
    measures, concessions = count(Measure, API_ROWS), count(Concession, API_ROWS)
    flows, flow_baselines = trade_flow_cursors(200)
    compares = compare_queries(ROTATION)
    lookups = [
        urlencode({"importer": importer, "exporter": exporter, "hs": code, "date": day})
        for importer, exporter, code, day in lookup_questions(ROTATION)
    ]
    return [
        (
            "API measures (100/page)",
            "api",
            pages(f"/api/v1/measures/{api}", measures),
            pages(f"/bench/api/measures/{api}", measures),
        ),
        (
            "API concessions (100/page)",
            "api",
            pages(f"/api/v1/concessions/{api}", concessions),
            pages(f"/bench/api/concessions/{api}", concessions),
        ),
        ("API trade flows (100/page)", "api", flows, flow_baselines),
        (
            "Measures page (50 rows)",
            "page",
            pages("/measures/", count(Measure, PAGE_ROWS)),
            pages("/bench/measures/", count(Measure, PAGE_ROWS)),
        ),
        (
            "Negotiation page (median size)",
            "page",
            [f"/negotiations/{median}/"],
            [f"/bench/negotiations/{median}/"],
        ),
        (
            "Negotiation page (largest)",
            "page",
            [f"/negotiations/{largest}/"],
            [f"/bench/negotiations/{largest}/"],
        ),
        (
            "Compare page (2 or 3 negotiations)",
            "page",
            [f"/compare/?{query}" for query in compares],
            [f"/bench/compare/?{query}" for query in compares],
        ),
        (
            "Lookup page (one national line)",
            "page",
            [f"/tariff-lookup/?{query}" for query in lookups],
            [f"/bench/tariff-lookup/?{query}" for query in lookups],
        ),
    ]


def negotiations_by_size():
    from django.db.models import Count

    from negotiations.models import Negotiation
    from negotiations.volume import SLUG_PREFIX

    sizes = list(
        Negotiation.objects.filter(slug__startswith=SLUG_PREFIX)
        .annotate(items=Count("concessions"))
        .order_by("-items", "slug")
        .values_list("slug", "items")
    )
    if not sizes:
        sys.exit("No seeded data set: run manage.py seed_volume --scale 1 first.")
    return sizes[0], sizes[len(sizes) // 2]


def same_rows(server, app_path, baseline_path):
    """The ids of the rows the endpoint and its baseline return, for a JSON list."""
    status, body, _ = server.get(app_path)
    base_status, base_body, _ = server.get(baseline_path)
    if status != 200 or base_status != 200:
        raise RuntimeError(f"{app_path}: {status}, baseline: {base_status}")
    ids = [row["id"] for row in json.loads(body)["results"]]
    base_ids = [row["id"] for row in json.loads(base_body)["results"]]
    return ids, base_ids


def warm_rates(server, all_targets):
    """Ask the compare page's baseline for each negotiation of the compare rotation once, so
    that their effective rates are in the rate cache before either side is measured (a
    worker keeps them, as deployed); the pages' own sections stay missed."""
    from urllib.parse import parse_qs, urlsplit

    slugs = sorted(
        {
            slug
            for name, _, _, baseline_paths in all_targets
            if name.startswith("Compare")
            for path in baseline_paths
            for slug in parse_qs(urlsplit(path).query).get("n", [])
        }
    )
    for slug in slugs:
        status, _, _ = server.get(f"/bench/compare/?n={slug}", timeout=600)
        if status != 200:
            raise RuntimeError(f"Rates of {slug}: {status}")
    if slugs:
        print(f"Effective rates of {len(slugs)} negotiations computed and kept", flush=True)


def load(server, paths, seconds, options, folder):
    """wrk over `paths` (one address, or a rotation of them)."""
    if len(paths) == 1:
        return wrk(server.base + paths[0], seconds, options.connections, options.threads)
    script = Path(folder, f"rotation-{abs(hash(tuple(paths)))}.lua")
    script.write_text(lua_rotation(paths))
    return wrk(server.base + "/", seconds, options.connections, options.threads, script=script)


def run(database_url, redis_url, all_targets, options, missed):
    os.environ["PAGE_FRAGMENT_CACHE_SECONDS"] = "0" if missed else str(24 * 3600)
    results = []
    with (
        Gunicorn(database_url, redis_url) as server,
        tempfile.TemporaryDirectory() as folder,
    ):
        warm_rates(server, all_targets)
        if missed:
            for name, kind, app_paths, baseline_paths in all_targets:
                if kind == "api":
                    ids, base_ids = same_rows(server, app_paths[1], baseline_paths[1])
                    verdict = "same rows" if ids == base_ids else "DIFFERENT rows"
                    print(f"{name}: {len(ids)} rows from both on a later page, {verdict}")
        for name, kind, app_paths, baseline_paths in all_targets:
            if not missed:
                app_paths, baseline_paths = app_paths[:1], baseline_paths[:1]
            for paths in (baseline_paths, app_paths):  # warm the processes, not the answers
                load(server, paths[:1], 2, options, folder)
                server.drain()
            # Rounds of the baseline then the site: on a machine whose speed drifts (a shared
            # virtual one), the ratio of each round is taken in the same minute, and the
            # round of the median ratio is reported.
            rounds = []
            for _ in range(options.rounds):
                baseline = load(server, baseline_paths, options.seconds, options, folder)
                server.drain()
                app = load(server, app_paths, options.seconds, options, folder)
                server.drain()
                rounds.append(
                    (app.requests_per_second / baseline.requests_per_second, app, baseline)
                )
            rounds.sort(key=lambda measured: measured[0])
            ratio, app, baseline = rounds[len(rounds) // 2]
            results.append(
                {
                    "target": name,
                    "kind": kind,
                    "run": "missed" if missed else "warm",
                    "addresses": len(app_paths),
                    "path": app_paths[0],
                    "rps": app.requests_per_second,
                    "p50_ms": app.p50_ms,
                    "p99_ms": app.p99_ms,
                    "errors": app.errors,
                    "baseline_rps": baseline.requests_per_second,
                    "baseline_p50_ms": baseline.p50_ms,
                    "baseline_p99_ms": baseline.p99_ms,
                    "baseline_errors": baseline.errors,
                    "ratio": ratio,
                    "ratios": [measured[0] for measured in rounds],
                    "met": ratio >= TARGET_RATIO[kind],
                }
            )
            print(
                f"{name} ({results[-1]['run']}, {len(app_paths)} addresses): "
                f"{app.requests_per_second:.1f} req/s (p50 {app.p50_ms:.1f} ms, "
                f"p99 {app.p99_ms:.1f} ms, {app.errors} errors); baseline "
                f"{baseline.requests_per_second:.1f} req/s (p50 {baseline.p50_ms:.1f} ms, "
                f"p99 {baseline.p99_ms:.1f} ms); ratio {ratio:.2f}"
                + (
                    f" (rounds: {', '.join(f'{m[0]:.2f}' for m in rounds)})"
                    if len(rounds) > 1
                    else ""
                ),
                flush=True,
            )
        errors = server.errors().strip()
    if errors:
        print(f"\ngunicorn logged:\n{errors[-3000:]}")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=15, help="per measurement (default 15)")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (4)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="baseline and site measured this many times in turn; the median ratio (1)",
    )
    parser.add_argument("--no-warm", action="store_true", help="only the missed run")
    parser.add_argument(
        "--only",
        action="append",
        help="measure only the targets whose name contains this (may be given again)",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the figures here")
    options = parser.parse_args()

    setup_django()
    info = machine()
    largest, median = negotiations_by_size()
    database_url = os.environ["DATABASE_URL"]
    print(describe_machine(info))
    print(
        f"Negotiations: largest {largest[0]} ({largest[1]} concessions), "
        f"median {median[0]} ({median[1]})"
    )
    all_targets = [
        target
        for target in targets(largest[0], median[0])
        if not options.only or any(part.lower() in target[0].lower() for part in options.only)
    ]
    with RedisServer(free_port()) as redis:
        results = run(database_url, redis.url, all_targets, options, missed=True)
        if not options.no_warm:
            results += run(database_url, redis.url, all_targets, options, missed=False)
    print()
    print(
        "| target | run | req/s | p50 ms | p99 ms | baseline req/s | baseline p50 ms | "
        "ratio | target |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in results:
        verdict = "met" if r["met"] else "MISSED"
        print(
            f"| {r['target']} | {r['run']} | {r['rps']:.1f} | {r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['baseline_rps']:.1f} | {r['baseline_p50_ms']:.1f} | "
            f"{r['ratio']:.2f} | ≥ {TARGET_RATIO[r['kind']]}: {verdict} |"
        )
    if options.json:
        document = {
            "machine": info,
            "seconds": options.seconds,
            "connections": options.connections,
            "results": results,
        }
        Path(options.json).write_text(json.dumps(document, indent=2))


if __name__ == "__main__":
    main()
