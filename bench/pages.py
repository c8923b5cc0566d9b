"""The negotiation page and the compare page at volume, with their sections kept and missed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_volume \\
        .venv/bin/python bench/pages.py --seconds 10

Needs a seeded database (manage.py seed_volume --scale 1), wrk and redis-server. Serves the
site with gunicorn (2 sync workers, config.settings.bench) twice: once as deployed, where a
page's rendered sections are kept in the cache until the data change ("kept"), and once with
PAGE_FRAGMENT_CACHE_SECONDS=0, so that every request renders every section anew ("missed";
the effective rates stay cached, as they are after any edit that leaves the duty data alone).
Each page is measured with as many wrk connections as workers (one request per worker: the
time to answer) and with twice as many (requests queue: the time under load).
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
from bench.endpoints import negotiations_by_size

WORKERS = 2
TARGET_P50_MS = 150


def smallest_negotiation():
    from django.db.models import Count

    from negotiations.models import Negotiation
    from negotiations.volume import SLUG_PREFIX

    return (
        Negotiation.objects.filter(slug__startswith=SLUG_PREFIX)
        .annotate(items=Count("concessions"))
        .order_by("items", "slug")
        .values_list("slug", flat=True)
        .first()
    )


def targets():
    (largest, _), (median, _) = negotiations_by_size()
    three = "&".join(f"n={slug}" for slug in (largest, median, smallest_negotiation()))
    return [
        ("Negotiation page (median size)", f"/negotiations/{median}/"),
        ("Negotiation page (largest)", f"/negotiations/{largest}/"),
        ("Compare page (3 negotiations)", f"/compare/?{three}"),
    ]


def measure(database_url, redis_url, paths, seconds, threads, fragment_seconds):
    os.environ["PAGE_FRAGMENT_CACHE_SECONDS"] = str(fragment_seconds)
    found = []
    with Gunicorn(database_url, redis_url, workers=WORKERS) as server:
        for name, path in paths:
            status, _, _ = server.get(path, timeout=300)  # fills the effective rates
            if status != 200:
                raise RuntimeError(f"{path}: {status}")
            for connections in (WORKERS, 2 * WORKERS):
                wrk(server.base + path, 2, connections, threads)
                server.drain()
                result = wrk(server.base + path, seconds, connections, threads)
                server.drain()
                found.append(
                    {
                        "target": name,
                        "path": path,
                        "sections": "kept" if fragment_seconds else "missed",
                        "connections": connections,
                        "rps": result.requests_per_second,
                        "p50_ms": result.p50_ms,
                        "p99_ms": result.p99_ms,
                        "errors": result.errors,
                    }
                )
                print(
                    f"{name}, sections {found[-1]['sections']}, {connections} connections: "
                    f"{result.requests_per_second:.1f} req/s, p50 {result.p50_ms:.1f} ms, "
                    f"p99 {result.p99_ms:.1f} ms, {result.errors} errors",
                    flush=True,
                )
        errors = server.errors().strip()
    if errors:
        print(f"gunicorn logged:\n{errors[-3000:]}")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="per measurement (default 10)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--json", metavar="PATH", help="also write the figures here")
    options = parser.parse_args()

    setup_django()
    info = machine()
    print(describe_machine(info))
    paths = targets()
    database_url = os.environ["DATABASE_URL"]
    results = []
    with RedisServer(free_port()) as redis:
        for fragment_seconds in (0, 24 * 3600):
            results += measure(
                database_url, redis.url, paths, options.seconds, options.threads, fragment_seconds
            )
    print()
    print(f"| page | sections | connections | req/s | p50 ms (target < {TARGET_P50_MS}) | p99 ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r['target']} | {r['sections']} | {r['connections']} | {r['rps']:.1f} | "
            f"{r['p50_ms']:.1f} | {r['p99_ms']:.1f} |"
        )
    if options.json:
        Path(options.json).write_text(json.dumps({"machine": info, "results": results}, indent=2))


if __name__ == "__main__":
    main()
