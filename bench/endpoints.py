"""API list endpoints and HTML pages at volume, against raw-SQL baselines in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_volume \\
        .venv/bin/python bench/endpoints.py --seconds 15

Needs a seeded database (manage.py seed_volume --scale 1), wrk and redis-server. Serves the
site with gunicorn (2 sync workers, config.settings.bench: production settings, DEBUG off,
a Redis cache of its own), then for each target runs wrk on loopback against the baseline
view (bench/views.py: the same rows from raw SQL) and against the real endpoint, one after
the other, and prints requests/s, p50 and p99 latency and the ratio of throughputs.
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    Gunicorn,
    RedisServer,
    describe_machine,
    free_port,
    machine,
    setup_django,
    wrk,
)

TARGET_RATIO = 0.5


def targets(largest, median):
    api = "?page_size=100"
    return [
        ("API measures (100/page)", f"/api/v1/measures/{api}", f"/bench/api/measures/{api}"),
        (
            "API concessions (100/page)",
            f"/api/v1/concessions/{api}",
            f"/bench/api/concessions/{api}",
        ),
        (
            "API trade flows (100/page)",
            f"/api/v1/trade-flows/{api}",
            f"/bench/api/trade-flows/{api}",
        ),
        ("Measures page (50 rows)", "/measures/", "/bench/measures/"),
        (
            "Negotiation page (median size)",
            f"/negotiations/{median}/",
            f"/bench/negotiations/{median}/",
        ),
        (
            "Negotiation page (largest)",
            f"/negotiations/{largest}/",
            f"/bench/negotiations/{largest}/",
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=15, help="per measurement (default 15)")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (4)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
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
    results = []
    with RedisServer(free_port()) as redis, Gunicorn(database_url, redis.url) as server:
        for name, app_path, baseline_path in targets(largest[0], median[0])[:3]:
            ids, base_ids = same_rows(server, app_path, baseline_path)
            verdict = "same rows" if sorted(ids) == sorted(base_ids) else "DIFFERENT rows"
            order = ", same order" if ids == base_ids else ""
            print(f"{name}: {len(ids)} rows from both, {verdict}{order}")
        for name, app_path, baseline_path in targets(largest[0], median[0]):
            for path in (baseline_path, app_path):  # warm both
                wrk(server.base + path, 2, options.connections, options.threads)
                server.drain()
            baseline = wrk(
                server.base + baseline_path, options.seconds, options.connections, options.threads
            )
            server.drain()
            app = wrk(server.base + app_path, options.seconds, options.connections, options.threads)
            server.drain()
            ratio = app.requests_per_second / baseline.requests_per_second
            results.append(
                {
                    "target": name,
                    "path": app_path,
                    "baseline_path": baseline_path,
                    "rps": app.requests_per_second,
                    "p50_ms": app.p50_ms,
                    "p99_ms": app.p99_ms,
                    "errors": app.errors,
                    "baseline_rps": baseline.requests_per_second,
                    "baseline_p50_ms": baseline.p50_ms,
                    "baseline_p99_ms": baseline.p99_ms,
                    "baseline_errors": baseline.errors,
                    "ratio": ratio,
                    "met": ratio >= TARGET_RATIO,
                }
            )
            print(
                f"{name}: {app.requests_per_second:.1f} req/s (p50 {app.p50_ms:.1f} ms, "
                f"p99 {app.p99_ms:.1f} ms, {app.errors} errors); baseline "
                f"{baseline.requests_per_second:.1f} req/s (p50 {baseline.p50_ms:.1f} ms, "
                f"p99 {baseline.p99_ms:.1f} ms); ratio {ratio:.2f}",
                flush=True,
            )
        errors = server.errors().strip()
    print()
    print(
        f"| target | req/s | p50 ms | p99 ms | baseline req/s | baseline p50 ms | "
        f"baseline p99 ms | ratio (target ≥ {TARGET_RATIO}) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r['target']} | {r['rps']:.1f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{r['baseline_rps']:.1f} | {r['baseline_p50_ms']:.1f} | {r['baseline_p99_ms']:.1f} "
            f"| {r['ratio']:.2f} {'met' if r['met'] else 'MISSED'} |"
        )
    if errors:
        print(f"\ngunicorn logged:\n{errors[-3000:]}")
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
