"""Redis stopped while the site serves: pages and the API keep answering, enqueuing says why
it cannot, and everything resumes when Redis is back.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_volume .venv/bin/python bench/faults.py

Needs a seeded database (manage.py seed_volume), wrk and redis-server. Starts a redis-server
of its own (port 6390, or any free one) and gunicorn pointed at it (cache and Celery broker),
never touching any other Redis. While wrk loads the site and a probe reads an API list, an
API detail and two pages every quarter of a second, it stops that Redis, asks for a refresh
the way the admin does (`negotiations.admin.refreshes.start_trade_refresh`, which queues a
task), starts Redis again on the same port once that request has given up, and asks
again. It prints what
each phase answered and how long asking took.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    PYTHON,
    ROOT,
    Gunicorn,
    RedisServer,
    describe_machine,
    free_port,
    lua_rotation,
    machine,
    percentile,
    setup_django,
    wrk,
)

LOAD_SECONDS = 42  # outlasts the outage, however long asking for a refresh takes to give up
ENQUEUE = """
import json, time
from negotiations.admin.refreshes import start_trade_refresh
from negotiations.models import Negotiation
negotiation = Negotiation.objects.filter(slug__startswith="vol-").order_by("slug").first()
start = time.perf_counter()
message, level = start_trade_refresh(negotiation)
print("RESULT " + json.dumps({"message": message, "level": level,
                              "seconds": time.perf_counter() - start}))
"""


def enqueue(env):
    """Ask for a refresh as the admin does, in a process of its own; what it reported."""
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", ENQUEUE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    report = json.loads(lines[-1][7:]) if lines else {"message": None}
    report["exit"] = result.returncode
    report["traceback_logged"] = "Traceback" in result.stderr
    report["log_tail"] = result.stderr.strip().splitlines()[-1:] if result.stderr.strip() else []
    return report


class Probe(threading.Thread):
    """Reads a few addresses in turn, noting when, what and how long."""

    def __init__(self, server, paths, interval=0.25):
        super().__init__(daemon=True)
        self.server, self.paths, self.interval = server, paths, interval
        self.samples = []
        self.stopping = threading.Event()
        self.started_at = time.monotonic()

    def run(self):
        index = 0
        while not self.stopping.is_set():
            path = self.paths[index % len(self.paths)]
            status, _, seconds = self.server.get(path, timeout=10)
            self.samples.append((time.monotonic() - self.started_at, path, status, seconds))
            index += 1
            self.stopping.wait(self.interval)


def phase(samples, start, end):
    chosen = [s for s in samples if start <= s[0] < end]
    latencies = [s[3] for s in chosen]
    return {
        "requests": len(chosen),
        "not_200": [(round(s[0], 1), s[1], s[2]) for s in chosen if s[2] != 200],
        "p50_ms": percentile(latencies, 0.5) * 1000 if latencies else None,
        "max_ms": max(latencies) * 1000 if latencies else None,
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=6390, help="our Redis's port (6390)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--json", metavar="PATH")
    options = parser.parse_args()

    setup_django()
    from negotiations.volume import is_seeded
    from tariffs.models import Measure

    if not is_seeded():
        sys.exit("No seeded data set: run manage.py seed_volume first.")
    info = machine()
    print(describe_machine(info))
    measure = Measure.objects.order_by("pk").values_list("pk", flat=True).first()
    probe_paths = [
        "/api/v1/measures/",
        f"/api/v1/measures/{measure}/",
        "/measures/",
        "/",
    ]
    load_paths = [
        "/api/v1/economies/",
        "/api/v1/measures/",
        "/api/v1/concessions/",
        "/api/v1/trade-flows/",
        f"/api/v1/measures/{measure}/",
        "/measures/",
        "/negotiations/",
        "/commodities/",
        "/",
    ]
    port = options.port
    if RedisServer(port).answers():
        port = free_port()  # something else listens there: leave it alone
    database_url = os.environ["DATABASE_URL"]
    redis = RedisServer(port).start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis.url,
    }
    events, enqueued = [], {}
    try:
        with Gunicorn(database_url, redis.url) as server, tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "mix.lua"
            script.write_text(lua_rotation(load_paths))
            loaded = {}
            load = threading.Thread(
                target=lambda: loaded.update(
                    result=wrk(server.base + "/", LOAD_SECONDS, options.connections, script=script)
                )
            )
            probe = Probe(server, probe_paths)
            probe.start()
            load.start()
            clock = probe.started_at

            def at(second):
                time.sleep(max(0.0, clock + second - time.monotonic()))
                return round(time.monotonic() - clock, 1)

            enqueued["before"] = enqueue(env)
            events.append((at(6), "redis stopped"))
            redis.stop()
            at(7)
            enqueued["down"] = enqueue(env)  # returns when it gives up
            events.append((round(time.monotonic() - clock, 1), "redis started"))
            redis.start()
            at(events[-1][0] + 3)
            enqueued["back"] = enqueue(env)
            load.join()
            probe.stopping.set()
            probe.join()
            queued = redis.command("LLEN", "celery")
            throttle_keys = redis.command("--scan", "--pattern", "*throttle*").split()
            logged = server.errors().strip()
    finally:
        redis.stop()

    stopped, started = events[0][0], events[1][0]
    print(f"Redis stopped at {stopped} s, started again at {started} s")
    phases = {
        "before": phase(probe.samples, 0, stopped),
        "redis down": phase(probe.samples, stopped, started),
        "after": phase(probe.samples, started, 1e9),
    }
    result = loaded["result"]
    print(
        f"wrk ({options.connections} connections, {LOAD_SECONDS} s, across the outage): "
        f"{result.requests} "
        f"requests, {result.requests_per_second:.1f} req/s, p50 {result.p50_ms:.0f} ms, "
        f"p99 {result.p99_ms:.0f} ms, {result.non_2xx_3xx} non-2xx/3xx, "
        f"{result.socket_errors} socket errors"
    )
    for name, figures in phases.items():
        print(
            f"probe, {name}: {figures['requests']} requests, "
            f"not 200: {figures['not_200'] or 'none'}, "
            f"p50 {figures['p50_ms']:.0f} ms, max {figures['max_ms']:.0f} ms"
        )
    for name, report in enqueued.items():
        print(
            f"enqueue, {name}: level {report.get('level')}, {report.get('seconds', 0):.2f} s: "
            f"{report['message']!r}; traceback in the log: {report['traceback_logged']}"
        )
    print(f"tasks waiting in our Redis at the end: {queued}; throttle keys: {len(throttle_keys)}")
    checks = {
        "no request failed under load": result.errors == 0,
        "every probe answered 200": not any(f["not_200"] for f in phases.values()),
        "queued before the outage": enqueued["before"]["level"] == 20,
        "a clear error while Redis is down": enqueued["down"]["level"] == 40
        and bool(enqueued["down"]["message"]),
        "queued again once Redis is back": enqueued["back"]["level"] == 20,
        "the queued task is in Redis": queued.isdigit() and int(queued) >= 1,
        "the cache is used again": len(throttle_keys) > 0,
    }
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}: {name}")
    if logged:
        print(f"gunicorn logged:\n{logged[-2000:]}")
    if options.json:
        document = {
            "machine": info,
            "events": events,
            "phases": phases,
            "enqueue": enqueued,
            "wrk": {k: v for k, v in vars(result).items() if k != "output"},
            "checks": checks,
        }
        Path(options.json).write_text(json.dumps(document, indent=2, default=str))
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
