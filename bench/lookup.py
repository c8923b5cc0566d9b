"""Tariff lookup and measure coverage at volume: latency, a raw-SQL baseline, query plans.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_volume \\
        .venv/bin/python bench/lookup.py --samples 300

Needs a seeded database (manage.py seed_volume --scale 1). For a seeded sample of questions
(importers weighted by how many measures they impose, products under their scope lines or
anywhere, dates from 2019 to 2025), it times, per call:

- the service (`lookup_tariff`, `measure_coverage`) in this process;
- the API endpoint (`/api/v1/tariff-lookup/`, `/api/v1/measures/<id>/coverage/`) through
  Django's full stack in this process (no network);
- a baseline: one hand-written SQL statement reading the same rows, and checks that it finds
  the same measures and the same totals;

then runs EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) on every query of the heaviest cases and
says which indexes they use and whether any table is read by a sequential scan.
"""

import argparse
import datetime as dt
import json
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import describe_machine, machine, setup_django, summary_ms

TARGET_P50_MS = 20.0
YEAR = 2024
ON = dt.date(2025, 9, 1)
LARGE_TABLES = {
    "commodities_tradeflow",
    "tariffs_measure",
    "tariffs_scopeline",
    "tariffs_measurechange",
    "tariffs_measure_targets",
}

LOOKUP_SQL = """
SELECT m.id, m.title, m.stacks, m.measure_type, m.legal_basis,
       (SELECT json_agg(json_build_array(c.effective_on, c.status, c.ad_valorem_rate,
                                         c.specific_rate, c.in_quota_rate,
                                         c.out_of_quota_rate, c.quota_volume)
                        ORDER BY c.effective_on, c.id)
        FROM tariffs_measurechange c WHERE c.measure_id = m.id) AS changes,
       ARRAY(SELECT s.commodity_id FROM tariffs_scopeline s
             WHERE s.measure_id = m.id AND NOT s.excluded) AS lines
FROM tariffs_measure m
WHERE m.issuer_id = %(importer)s
  AND (m.covers_all_products OR EXISTS (
        SELECT 1 FROM tariffs_scopeline s WHERE s.measure_id = m.id AND NOT s.excluded
        AND s.commodity_id = ANY(%(prefixes)s)))
  AND NOT EXISTS (
        SELECT 1 FROM tariffs_scopeline s WHERE s.measure_id = m.id AND s.excluded
        AND s.commodity_id = ANY(%(prefixes)s))
  AND (m.applies_to_all_economies OR EXISTS (
        SELECT 1 FROM tariffs_measure_targets t
        LEFT JOIN core_economy_members u ON u.from_economy_id = t.economy_id
        WHERE t.measure_id = m.id
          AND (t.economy_id = %(exporter)s OR u.to_economy_id = %(exporter)s)))
ORDER BY m.title
"""

# The issuer's annual HS6 imports from the targets (or anyone) within the scope, by source;
# a partner counts once however many of the measure's targets it belongs to.
COVERAGE_SQL = """
SELECT t.source, sum(t.value_usd), count(*), max(t.fetched_at)
FROM commodities_tradeflow t JOIN commodities_commodity c ON c.code = t.commodity_id
WHERE t.reporter_id = %(issuer)s AND t.flow = 'M' AND t.year = %(year)s AND t.month = 0
  AND c.level = 6
  AND (%(all_partners)s OR t.partner_id = ANY(%(partners)s))
  AND (%(all_products)s OR t.commodity_id LIKE ANY(%(included)s))
  AND NOT t.commodity_id LIKE ANY(%(excluded)s)
GROUP BY t.source
"""


def lookup_samples(rng, count):
    from django.db.models import Count

    from commodities.models import Commodity
    from core.models import Economy
    from negotiations.volume import seeded_economies
    from tariffs.models import Measure, ScopeLine

    issuers = list(
        seeded_economies()
        .annotate(imposed=Count("measures_imposed"))
        .filter(imposed__gt=0)
        .order_by("-imposed", "iso3")
    )
    countries = list(seeded_economies().filter(kind=Economy.Kind.COUNTRY).order_by("iso3"))
    subheadings = list(
        Commodity.objects.filter(level=6).order_by("code").values_list("code", flat=True)
    )
    samples = []
    for _ in range(count):
        importer = rng.choices(issuers, weights=[i.imposed for i in issuers])[0]
        exporter = rng.choice([c for c in countries if c.pk != importer.pk])
        code = rng.choice(subheadings)
        if rng.random() < 0.6:
            lines = list(
                ScopeLine.objects.filter(measure__issuer=importer, excluded=False).values_list(
                    "commodity_id", flat=True
                )[:200]
            )
            below = [c for c in subheadings if any(c.startswith(line) for line in lines)]
            code = rng.choice(below or subheadings)
            targets = list(
                Measure.targets.through.objects.filter(measure__issuer=importer)
                .exclude(economy=importer)
                .values_list("economy_id", flat=True)[:50]
            )
            exporters = [c for c in countries if c.pk in set(targets)]
            if exporters:
                exporter = rng.choice(exporters)
        day = dt.date(2019, 1, 1) + dt.timedelta(
            days=rng.randint(0, (ON - dt.date(2019, 1, 1)).days)
        )
        samples.append((importer, exporter, code, day))
    return samples


def coverage_samples(rng, count):
    from commodities.models import TradeFlow
    from tariffs import querysets
    from tariffs.models import Measure

    reporters = set(
        TradeFlow.objects.filter(year=YEAR).values_list("reporter_id", flat=True).distinct()
    )
    ids = list(
        Measure.objects.filter(issuer_id__in=reporters).order_by("pk").values_list("pk", flat=True)
    )
    chosen = rng.sample(ids, min(count, len(ids)))
    # The heaviest: every product, every partner, the largest reporter's.
    heaviest = list(
        Measure.objects.filter(
            issuer_id__in=reporters, covers_all_products=True, applies_to_all_economies=True
        ).values_list("pk", flat=True)
    )
    by_pk = querysets.measures().in_bulk(sorted(set(chosen) | set(heaviest)))
    return [by_pk[pk] for pk in chosen], [by_pk[pk] for pk in heaviest]


def timed(action):
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def run_sql(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def lookup_baseline(importer, exporter, code):
    from commodities import hs

    params = {"importer": importer.pk, "exporter": exporter.pk, "prefixes": hs.prefixes(code)}
    return run_sql(LOOKUP_SQL, params)


def coverage_baseline(measure):
    targets = [e.pk for t in measure.targets.all() for e in (t, *t.members.all())]
    lines = list(measure.scope_lines.all())
    params = {
        "issuer": measure.issuer_id,
        "year": YEAR,
        "all_partners": measure.applies_to_all_economies,
        "partners": targets or [0],
        "all_products": measure.covers_all_products,
        "included": [f"{line.commodity_id}%" for line in lines if not line.excluded] or ["-"],
        "excluded": [f"{line.commodity_id}%" for line in lines if line.excluded] or ["-"],
    }
    return run_sql(COVERAGE_SQL, params)


def chosen_source(rows):
    from django.conf import settings

    totals = {source: (value, count) for source, value, count, _ in rows}
    source = next((s for s in settings.TRADE_SOURCE_PREFERENCE if s in totals), None)
    return totals.get(source, (Decimal(0), 0))


def plan_nodes(plan):
    """Every node of an EXPLAIN (FORMAT JSON) plan, depth first."""
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


def explain(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
        document = cursor.fetchone()[0]
    return document[0] if isinstance(document, list) else json.loads(document)[0]


def explain_calls(action):
    """EXPLAIN ANALYZE of each query `action` runs: [(sql, plan summary, plan)]."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    explained = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        plan = explain(sql)
        nodes = list(plan_nodes(plan["Plan"]))
        accesses = sorted(
            {
                (node["Node Type"], node.get("Relation Name", ""), node.get("Index Name", ""))
                for node in nodes
                if "Scan" in node["Node Type"] and node["Node Type"] != "Subquery Scan"
            }
        )
        explained.append(
            {
                "sql": sql,
                "execution_ms": plan["Execution Time"],
                "accesses": accesses,
                "seq_scans": sorted(
                    {node.get("Relation Name") for node in nodes if node["Node Type"] == "Seq Scan"}
                ),
                "plan": plan,
            }
        )
    return explained


def print_plans(title, explained):
    print(f"\n{title}: {len(explained)} queries")
    for number, item in enumerate(explained, 1):
        large = [table for table in item["seq_scans"] if table in LARGE_TABLES]
        verdict = (
            f"SEQ SCAN of {', '.join(large)}" if large else "no sequential scan of a large table"
        )
        print(f"  {number}. {item['execution_ms']:.2f} ms, {verdict}")
        for node, relation, index in item["accesses"]:
            print(f"     {node} {relation} {('using ' + index) if index else ''}".rstrip())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--json", metavar="PATH", help="also write figures and plans here")
    options = parser.parse_args()

    setup_django()
    from django.test import Client

    from negotiations.volume import is_seeded
    from tariffs.services import lookup_tariff, measure_coverage

    if not is_seeded():
        sys.exit("No seeded data set: run manage.py seed_volume --scale 1 first.")
    info = machine()
    print(describe_machine(info))
    rng = random.Random(f"{options.seed}:lookup")
    lookups = lookup_samples(rng, options.samples)
    measures, heaviest = coverage_samples(rng, options.samples)
    client = Client(HTTP_HOST="127.0.0.1")

    # Warm the connection, the caches of the database and of Python.
    for importer, exporter, code, day in lookups[:20]:
        lookup_tariff(importer, exporter, code, day)
        lookup_baseline(importer, exporter, code)

    service, api, baseline, found, mismatches = [], [], [], [], 0
    for importer, exporter, code, day in lookups:
        seconds, answer = timed(lambda: lookup_tariff(importer, exporter, code, day))  # noqa: B023
        service.append(seconds)
        seconds, rows = timed(lambda: lookup_baseline(importer, exporter, code))  # noqa: B023
        baseline.append(seconds)
        url = (
            f"/api/v1/tariff-lookup/?importer={importer.iso3}&exporter={exporter.iso3}"
            f"&hs={code}&date={day.isoformat()}"
        )
        seconds, response = timed(lambda: client.get(url))  # noqa: B023
        api.append(seconds)
        assert response.status_code == 200, (url, response.status_code)
        ids = {m.measure.pk for m in answer.applied + answer.not_applied}
        with_state = {row[0] for row in rows if any(c[0] <= day.isoformat() for c in row[5] or [])}
        mismatches += ids != with_state
        found.append(len(rows))
    results = {
        "lookup": {
            "samples": len(lookups),
            "measures_found_mean": sum(found) / len(found),
            "measures_found_max": max(found),
            "service": summary_ms(service),
            "api": summary_ms(api),
            "baseline_sql": summary_ms(baseline),
            "answers_differing_from_baseline": mismatches,
        }
    }

    for measure in measures[:20]:
        measure_coverage(measure, YEAR, ON)
    service, api, baseline, differing = [], [], [], []
    for measure in measures + heaviest:
        seconds, coverage = timed(lambda: measure_coverage(measure, YEAR, ON))  # noqa: B023
        service.append(seconds)
        seconds, rows = timed(lambda: coverage_baseline(measure))  # noqa: B023
        baseline.append(seconds)
        seconds, response = timed(
            lambda: client.get(f"/api/v1/measures/{measure.pk}/coverage/?year={YEAR}")  # noqa: B023
        )
        api.append(seconds)
        assert response.status_code == 200, (measure.pk, response.status_code)
        value, count = chosen_source(rows)
        if (coverage.trade_value_usd, coverage.flow_count) != (value or Decimal(0), count):
            differing.append(
                {
                    "measure": measure.pk,
                    "service": [str(coverage.trade_value_usd), coverage.flow_count],
                    "baseline": [str(value), count],
                }
            )
    results["coverage"] = {
        "samples": len(measures) + len(heaviest),
        "service": summary_ms(service),
        "api": summary_ms(api),
        "baseline_sql": summary_ms(baseline),
        "answers_differing_from_baseline": len(differing),
        "differing_examples": differing[:5],
    }

    for name in ("lookup", "coverage"):
        figures = results[name]
        met = figures["service"]["p50_ms"] < TARGET_P50_MS
        print(f"\n{name}: {figures['samples']} samples")
        for layer in ("service", "api", "baseline_sql"):
            s = figures[layer]
            print(
                f"  {layer:12} p50 {s['p50_ms']:6.2f} ms  p99 {s['p99_ms']:7.2f} ms  "
                f"max {s['max_ms']:7.2f} ms"
            )
        print(
            f"  service p50 target < {TARGET_P50_MS:g} ms: {'met' if met else 'MISSED'}; "
            f"baseline/service p50 ratio "
            f"{figures['baseline_sql']['p50_ms'] / figures['service']['p50_ms']:.2f}; "
            f"answers differing from the baseline: {figures['answers_differing_from_baseline']}"
        )
        if figures.get("differing_examples"):
            print(f"  e.g. {figures['differing_examples'][:3]}")

    # Plans of the heaviest cases: the issuer with the most measures on a product its
    # lines cover, and coverage of an all-products measure and of a targeted one.
    heavy = max(lookups, key=lambda sample: lookup_baseline(*sample[:3]).__len__())
    lookup_plans = explain_calls(lambda: lookup_tariff(*heavy))
    print_plans(f"lookup_tariff{tuple(str(x) for x in heavy)}", lookup_plans)
    coverage_plans = {}
    cases = [("all products, all partners", heaviest[0])] if heaviest else []
    targeted = [m for m in measures if not m.applies_to_all_economies and m.targets.all()]
    if targeted:
        cases.append(("targeted", max(targeted, key=lambda m: len(m.scope_lines.all()))))
    for label, measure in cases:
        coverage_plans[label] = explain_calls(
            lambda measure=measure: measure_coverage(measure, YEAR, ON)
        )
        print_plans(
            f"measure_coverage({label}: measure {measure.pk}, {YEAR})", coverage_plans[label]
        )
    results["plans"] = {"lookup": lookup_plans, "coverage": coverage_plans}
    if options.json:
        Path(options.json).write_text(
            json.dumps({"machine": info, **results}, indent=2, default=str)
        )


if __name__ == "__main__":
    main()
