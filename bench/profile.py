"""Where the time of one request goes: pyinstrument over the site's own handler, in process.

    REDIS_URL=redis://127.0.0.1:6379/9 \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_volume \\
        .venv/bin/python bench/profile.py --top 25

Under the bench settings (production's, DEBUG off), as `bench/endpoints.py` serves the site;
without REDIS_URL the cache and the throttle's counters are a table of the database, which
adds their queries to each request's.

Runs each target once to warm the process (imports, templates, the effective rates' cache),
times `--runs` requests of it, then profiles `--runs` more, with every page section missing
from the cache (PAGE_FRAGMENT_CACHE_SECONDS=0), and prints, per target, the unprofiled wall
time, the queries and their time, and the slowest frames of the profile (own code and the
libraries it calls), so that a change can be aimed at a cause. `--html DIR` also writes
pyinstrument's page per target.
"""

import argparse
import gc
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django


def targets():
    from bench.endpoints import lookup_questions, negotiations_by_size
    from bench.pages import smallest_negotiation

    (largest, _), (median, _) = negotiations_by_size()
    smallest = smallest_negotiation()
    importer, exporter, code, day = lookup_questions(1)[0]
    lookup = f"importer={importer}&exporter={exporter}&hs={code}&date={day}"
    return [
        ("API measures (100/page)", "/api/v1/measures/?page_size=100&page=3"),
        ("API concessions (100/page)", "/api/v1/concessions/?page_size=100&page=3"),
        ("API trade flows (100/page)", "/api/v1/trade-flows/?page_size=100"),
        ("Measures page (50 rows)", "/measures/?page=3"),
        ("Negotiation page (median)", f"/negotiations/{median}/"),
        ("Negotiation page (largest)", f"/negotiations/{largest}/"),
        ("Compare page (3)", f"/compare/?n={largest}&n={median}&n={smallest}"),
        ("Lookup page (one national line)", f"/tariff-lookup/?{lookup}"),
    ]


class QueryLog:
    """Each query's SQL and time, kept by a database execute wrapper: DEBUG stays off, so
    templates and widgets run as they do when served (DEBUG's query log would also count)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, time.perf_counter() - started))


def measure(client, path):
    from django.db import connection

    log = QueryLog()
    started = time.perf_counter()
    with connection.execute_wrapper(log):
        response = client.get(path, HTTP_ACCEPT="application/json" if "/api/" in path else "*/*")
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}")
    database = sum(seconds for _, seconds in log.queries)
    return elapsed, log.queries, database, len(response.content)


def top_frames(session, count):
    """The frames with the most time of their own beneath them, by function, slowest first."""
    totals = {}

    def walk(frame):
        if frame is None:
            return
        if frame.file_path and "<frozen" not in frame.file_path:
            key = f"{frame.function} ({shorten(frame.file_path)}:{frame.line_no})"
            totals[key] = totals.get(key, 0.0) + frame.total_self_time
        for child in frame.children:
            walk(child)

    walk(session.root_frame())
    return sorted(totals.items(), key=lambda item: -item[1])[:count]


def project_frames(session, count):
    """The project's own functions by the time spent in them and beneath them, slowest first
    (a function on the stack twice is counted once)."""
    root = str(Path(__file__).resolve().parent.parent) + "/"
    totals = {}

    def walk(frame, open_keys):
        if frame is None:
            return
        key = None
        path = frame.file_path or ""
        if path.startswith(root) and "site-packages" not in path:
            key = f"{frame.function} ({shorten(path)}:{frame.line_no})"
            if key not in open_keys:
                totals[key] = totals.get(key, 0.0) + frame.time
        inner = open_keys | {key} if key else open_keys
        for child in frame.children:
            walk(child, inner)

    walk(session.root_frame(), frozenset())
    return sorted(totals.items(), key=lambda item: -item[1])[:count]


def shorten(path):
    marker = "site-packages/"
    if marker in path:
        return path.split(marker, 1)[1]
    root = str(Path(__file__).resolve().parent.parent) + "/"
    return path.replace(root, "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--only", help="profile only the targets whose name contains this")
    parser.add_argument("--html", help="write pyinstrument's HTML page per target here")
    parser.add_argument("--queries", action="store_true", help="print each query's SQL too")
    args = parser.parse_args()

    os.environ["PAGE_FRAGMENT_CACHE_SECONDS"] = "0"
    os.environ["API_ANON_RATE"] = "100000000/minute"  # one client asks far more than a person
    setup_django()  # the bench settings: production's, DEBUG off
    from django.conf import settings
    from django.test import Client
    from pyinstrument import Profiler

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    for name, path in targets():
        if args.only and args.only.lower() not in name.lower():
            continue
        measure(client, path)
        # The loaded site out of the collector's sight, as gunicorn.conf.py does in each
        # worker: otherwise a full collection lands in whichever frame is running.
        gc.collect()
        gc.freeze()
        # Timed without the profiler first, then profiled.
        figures = [measure(client, path) for _ in range(args.runs)]
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(args.runs):
            measure(client, path)
        profiler.stop()
        wall = sorted(figure[0] for figure in figures)[len(figures) // 2] * 1000
        _, queries, database, size = figures[-1]
        print(f"\n## {name}: {path}")
        print(
            f"median {wall:.1f} ms per request over {args.runs} (unprofiled); {len(queries)} "
            f"queries, {database * 1000:.1f} ms in the database; {size / 1024:.0f} KB"
        )
        if args.queries:
            for sql, seconds in queries:
                print(f"{seconds * 1000:8.2f} ms  {sql[:300]}")
        print(f"{'own time per request (ms)':>26}  frame")
        for frame, seconds in top_frames(profiler.last_session, args.top):
            print(f"{seconds * 1000 / args.runs:26.1f}  {frame}")
        print(f"{'with callees, per request (ms)':>30}  project function")
        for frame, seconds in project_frames(profiler.last_session, args.top):
            print(f"{seconds * 1000 / args.runs:30.1f}  {frame}")
        if args.html:
            Path(args.html).mkdir(parents=True, exist_ok=True)
            slug = "".join(c if c.isalnum() else "-" for c in name.lower())
            Path(args.html, f"{slug}.html").write_text(profiler.output_html())


if __name__ == "__main__":
    main()
