"""Load at volume: 32 clients for 30 s reading every endpoint and page, and a refresh meanwhile.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_volume \\
        .venv/bin/python bench/load.py --connections 32 --seconds 30

Needs a seeded database (manage.py seed_volume --scale 1), wrk and redis-server. Serves the
site with gunicorn (2 sync workers, config.settings.bench, a Redis of its own for the cache
and the series locks) and drives it with wrk: each connection sends GETs to a seeded random
mix of every API resource (lists, details, filters, CSV, tariff lookup, coverage, schema)
and every page and feed. A few seconds in, two refreshes run through the refresh command
(`manage.py refresh_trade_flows --file`): the first inserts rows, the second updates every
one of them. Afterwards it checks that no request failed, that both runs succeeded, and
that no row was lost: the refreshed rows are all there with the second file's figures, and
every other trade flow is as it was.
"""

import argparse
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
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
    setup_django,
    wrk,
)

REFRESH_LABEL = "file"
REFRESH_YEARS = range(2015, 2025)


def mixed_paths(rng):
    """Every API resource and page, each with a few seeded instances."""
    from django.db.models import Count

    from commodities.models import Commodity, TradeFlow
    from negotiations.models import Concession, Negotiation, Person, Round
    from negotiations.volume import SLUG_PREFIX, seeded_economies
    from tariffs.models import Measure

    def some(queryset, k=3):
        values = list(queryset[:2000])
        return rng.sample(values, min(k, len(values)))

    economies = some(seeded_economies().values_list("iso3", flat=True), 4)
    negotiations = list(
        Negotiation.objects.filter(slug__startswith=SLUG_PREFIX)
        .annotate(items=Count("concessions"))
        .order_by("items")
        .values_list("slug", flat=True)
    )
    # A small, a middling and the largest negotiation.
    talks = [negotiations[0], negotiations[len(negotiations) // 2], negotiations[-1]]
    rounds = some(
        Round.objects.filter(negotiation__slug__startswith=SLUG_PREFIX).values_list("pk", flat=True)
    )
    people = some(
        Person.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True)
    )
    measures = some(Measure.objects.values_list("pk", flat=True), 4)
    concessions = some(Concession.objects.values_list("pk", flat=True))
    flows = some(TradeFlow.objects.order_by("-pk").values_list("pk", flat=True))
    codes = some(Commodity.objects.filter(level=6).values_list("code", flat=True))
    chapters = some(Commodity.objects.filter(level=2).values_list("code", flat=True), 2)
    lookups = [
        f"importer={a}&exporter={b}&hs={code}&date=2025-04-10"
        for a, b, code in zip(economies, economies[1:] + economies[:1], codes, strict=False)
    ]
    api = "/api/v1"
    paths = [
        f"{api}/",
        *(f"{api}/{name}/" for name in ("economies", "negotiations", "rounds", "people")),
        *(f"{api}/{name}/" for name in ("sources", "measures", "commodities", "concessions")),
        f"{api}/trade-flows/",
        f"{api}/measures/?page_size=100",
        f"{api}/concessions/?page_size=100",
        f"{api}/trade-flows/?page_size=100",
        f"{api}/measures/?issuer={economies[0]}&status=in_force&on=2025-04-10",
        f"{api}/measures/?hs={codes[0]}",
        f"{api}/concessions/?giver={economies[0]}&status=offered",
        f"{api}/trade-flows/?hs={chapters[0]}&year_min=2023",
        f"{api}/trade-flows/?reporter={economies[0]}&partner={economies[1]}",
        f"{api}/rounds/?date_after=2024-01-01&date_before=2024-12-31",
        f"{api}/economies/?format=csv",
        f"{api}/schema/",
        *(f"{api}/economies/{iso3}/" for iso3 in economies),
        *(f"{api}/negotiations/{slug}/" for slug in talks),
        *(f"{api}/rounds/{pk}/" for pk in rounds),
        *(f"{api}/people/{slug}/" for slug in people),
        *(f"{api}/measures/{pk}/" for pk in measures),
        *(f"{api}/measures/{pk}/coverage/?year=2024" for pk in measures),
        *(f"{api}/concessions/{pk}/" for pk in concessions),
        *(f"{api}/trade-flows/{pk}/" for pk in flows),
        *(f"{api}/commodities/{code}/" for code in codes + chapters),
        *(f"{api}/tariff-lookup/?{query}" for query in lookups),
        "/",
        "/negotiations/",
        *(f"/negotiations/{slug}/" for slug in talks),
        *(f"/negotiations/{slug}/feed/" for slug in talks),
        *(f"/rounds/{pk}/" for pk in rounds),
        *(f"/people/{slug}/" for slug in people),
        "/measures/",
        f"/measures/?issuer={economies[0]}&on=2025-04-10",
        *(f"/measures/{pk}/" for pk in measures),
        *(f"/tariff-lookup/?{query}" for query in lookups),
        "/commodities/",
        *(f"/commodities/{code}/" for code in codes + chapters),
        "/search/?q=duty",
        "/feeds/events/",
    ]
    return paths


def write_refresh(path, rng, reporters, partners, codes, factor):
    """A file of trade flows in our format; `factor` scales every value (a revision)."""
    total = Decimal(0)
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                *("reporter", "partner", "hs_code", "year", "month", "flow"),
                *("value_usd", "quantity", "quantity_unit"),
            ]
        )
        for reporter in reporters:
            for partner in partners:
                if partner == reporter:
                    continue
                for code in codes:
                    for year in REFRESH_YEARS:
                        value = Decimal(rng.randint(1_000, 10_000_000)) * factor
                        total += value
                        writer.writerow([reporter, partner, code, year, 0, "M", value, "", ""])
    return total


def flow_totals():
    from django.db.models import Count, Sum

    from commodities.models import TradeFlow

    return {
        row["source"]: (row["rows"], row["value"])
        for row in TradeFlow.objects.values("source")
        .annotate(rows=Count("pk"), value=Sum("value_usd"))
        .order_by()
    }


def remove_refreshed_rows():
    from commodities.models import TradeFlow

    refreshed = TradeFlow.objects.filter(source=REFRESH_LABEL)
    # A raw delete: the ORM would load each row to send its signals.
    return refreshed._raw_delete(refreshed.db)


def refresh(path, env, log):
    start = time.perf_counter()
    result = subprocess.run(
        [PYTHON, "manage.py", "refresh_trade_flows", "--file", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    log.append(
        {
            "returncode": result.returncode,
            "seconds": time.perf_counter() - start,
            "output": (result.stdout + result.stderr).strip()[-2000:],
        }
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--timeout", default="20s", help="wrk's per-request timeout (20s)")
    parser.add_argument("--refresh-rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--json", metavar="PATH")
    options = parser.parse_args()

    setup_django()
    from negotiations.volume import is_seeded, seeded_economies

    if not is_seeded():
        sys.exit("No seeded data set: run manage.py seed_volume --scale 1 first.")
    info = machine()
    print(describe_machine(info))
    rng = random.Random(f"{options.seed}:load")
    paths = mixed_paths(rng)
    countries = list(seeded_economies().filter(kind="country").order_by("iso3"))
    reporters = [c.iso3 for c in countries[:20]]
    partners = [c.iso3 for c in countries[20:25]]
    per_code = len(reporters) * len(partners) * len(REFRESH_YEARS)
    from commodities.models import Commodity

    codes = list(
        Commodity.objects.filter(level=6)
        .order_by("code")
        .values_list("code", flat=True)[: max(1, options.refresh_rows // per_code)]
    )
    removed = remove_refreshed_rows()
    before = flow_totals()
    database_url = os.environ["DATABASE_URL"]
    print(f"{len(paths)} paths in the mix; {removed} rows of an earlier run removed")

    refreshes = []
    with tempfile.TemporaryDirectory() as folder, RedisServer(free_port()) as redis:
        first, second = Path(folder) / "first.csv", Path(folder) / "second.csv"
        write_refresh(first, random.Random(1), reporters, partners, codes, Decimal(1))
        expected = write_refresh(second, random.Random(1), reporters, partners, codes, Decimal(2))
        script = Path(folder) / "mix.lua"
        script.write_text(lua_rotation(paths, options.seed))
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis.url,
        }
        with Gunicorn(database_url, redis.url) as server:
            failing = [path for path in paths if server.get(path)[0] != 200]
            if failing:
                sys.exit(f"not 200 before the load: {failing}")

            def refreshes_during_load():
                time.sleep(5)
                refresh(first, env, refreshes)
                refresh(second, env, refreshes)

            worker = threading.Thread(target=refreshes_during_load)
            worker.start()
            result = wrk(
                server.base + "/",
                options.seconds,
                options.connections,
                options.threads,
                script=script,
                timeout=options.timeout,
            )
            worker.join()
            logged = server.errors().strip()
    after = flow_totals()
    remove_refreshed_rows()  # the seeded data set stays as seeded for the other benchmarks

    rows = len(reporters) * (len(partners)) * len(codes) * len(REFRESH_YEARS)
    refreshed_rows, refreshed_value = after.get(REFRESH_LABEL, (0, Decimal(0)))
    untouched = {s: v for s, v in after.items() if s != REFRESH_LABEL} == {
        s: v for s, v in before.items() if s != REFRESH_LABEL
    }
    checks = {
        "no request failed": result.errors == 0,
        "both refreshes succeeded": len(refreshes) == 2
        and all(r["returncode"] == 0 for r in refreshes),
        "every refreshed row is there": refreshed_rows == rows,
        "with the second file's figures": refreshed_value == expected,
        "every other trade flow is as it was": untouched,
        "refreshes ended within the load": all(r["seconds"] < options.seconds for r in refreshes),
    }
    print(
        f"wrk: {options.connections} connections, {options.seconds} s, timeout "
        f"{options.timeout}: {result.requests} requests, {result.requests_per_second:.1f} req/s, "
        f"p50 {result.p50_ms:.0f} ms, p99 {result.p99_ms:.0f} ms, "
        f"{result.non_2xx_3xx} non-2xx/3xx, {result.socket_errors} socket errors"
    )
    for line in result.output.splitlines():
        if line.startswith("STATUS"):
            print(f"  {line}")
    for number, run in enumerate(refreshes, 1):
        print(
            f"refresh {number}: exit {run['returncode']} in {run['seconds']:.1f} s: {run['output']}"
        )
    print(f"trade flows before: {before}")
    print(f"trade flows after:  {after}")
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}: {name}")
    if logged:
        print(f"gunicorn logged:\n{logged[-3000:]}")
    if options.json:
        document = {
            "machine": info,
            "date": dt.date.today().isoformat(),
            "connections": options.connections,
            "seconds": options.seconds,
            "paths": paths,
            "requests": result.requests,
            "rps": result.requests_per_second,
            "p50_ms": result.p50_ms,
            "p99_ms": result.p99_ms,
            "non_2xx_3xx": result.non_2xx_3xx,
            "socket_errors": result.socket_errors,
            "refreshes": refreshes,
            "refreshed_rows": refreshed_rows,
            "checks": checks,
        }
        Path(options.json).write_text(json.dumps(document, indent=2, default=str))
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
