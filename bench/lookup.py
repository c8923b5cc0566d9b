"""Duty lookup and measure coverage at volume: latency, raw-SQL baselines, query plans.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_volume \\
        .venv/bin/python bench/lookup.py --samples 300

Needs a seeded database (manage.py seed_volume --scale 1) with a national schedule imported
for at least one seeded importer (manage.py import_schedule ... --importer QMA). For a seeded
sample of questions (importers with a schedule, weighted by how many measures they impose;
one national line of the revision in effect, under their scope lines or anywhere; exporters
among their targets or anyone; dates over the revisions' span), it times, per call:

- the engine (`tariffs.engine.lookup_duty`) in this process, and `measure_coverage`;
- the API endpoint (`/api/v1/tariff-lookup/`, `/api/v1/measures/<id>/coverage/`) through
  Django's full stack in this process (no network);
- a baseline: hand-written SQL reading the same rows (bench/duty_baseline.py: one statement
  for a lookup), and checks that the engine's answer agrees with what those rows say:
  which measures apply (or are displaced by another), which do not, and the base rates;

then runs EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) on every query of the heaviest cases and
says which indexes they use and whether any table is read by a sequential scan.
"""

import argparse
import bisect
import datetime as dt
import gc
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import describe_machine, machine, setup_django, summary_ms, timed
from bench.coverage import ON, YEAR, coverage_samples, time_coverage
from bench.duty_baseline import lookup_baseline, lookup_disagreements
from bench.lookup_parts import CollectorPauses, query_counts, step_times, without_collector
from bench.plans import explain_calls, print_plans

# The USITC exports of the US schedule, beside the checkout (never copied into it).
HTS_US = Path(__file__).resolve().parents[2] / "shared" / "data" / "hts-us"
TARGET_P50_MS = 10.0  # a lookup of one national line
TARGET_P99_MS = 50.0
COVERAGE_TARGET_P50_MS = 20.0
FIRST_DAY, LAST_DAY = dt.date(2025, 1, 1), dt.date(2026, 12, 31)  # lookups' dates
LARGE_TABLES = {
    "commodities_tradeflow",
    "tariffs_measure",
    "tariffs_scopeline",
    "tariffs_measurechange",
    "tariffs_measure_targets",
    "tariffs_nationalline",
    "tariffs_chapter99heading",
}


def lookup_samples(rng, count):
    """[(importer, exporter, national line code, date)]."""
    from django.db.models import Count

    from core.models import Economy
    from negotiations.volume import seeded_economies
    from tariffs.models import Measure, NationalLine, ScheduleRevision, ScopeLine

    with_schedule = ScheduleRevision.objects.values("importer")
    importers = list(
        seeded_economies()
        .filter(pk__in=with_schedule)
        .annotate(imposed=Count("measures_imposed"))
        .filter(imposed__gt=0)
        .order_by("-imposed", "iso3")
    )
    if not importers:
        sys.exit(
            "No seeded importer has a schedule: import one first, e.g. manage.py import_schedule "
            f"{HTS_US / 'hts_2025_rev_23.json.gz'} --importer QMA --revision '2025 Revision 23' "
            "--effective 2025-09-12"
        )
    countries = list(seeded_economies().filter(kind=Economy.Kind.COUNTRY).order_by("iso3"))
    revisions, lines, scope, targets = {}, {}, {}, {}
    for importer in importers:
        revisions[importer.pk] = list(
            ScheduleRevision.objects.filter(importer=importer).order_by("effective_from", "pk")
        )
        for revision in revisions[importer.pk]:
            # Lines the nomenclature knows (the lookup refuses chapters 98 and 99).
            lines[revision.pk] = list(
                NationalLine.objects.filter(revision=revision, hs6__isnull=False)
                .order_by("code")
                .values_list("code", flat=True)
            )
        scope[importer.pk] = sorted(
            set(
                ScopeLine.objects.filter(measure__issuer=importer, excluded=False).values_list(
                    "commodity_id", flat=True
                )
            )
        )
        aimed = set(
            Measure.targets.through.objects.filter(measure__issuer=importer).values_list(
                "economy_id", flat=True
            )
        )
        targets[importer.pk] = [c for c in countries if c.pk in aimed and c.pk != importer.pk]
    samples = []
    for _ in range(count):
        importer = rng.choices(importers, weights=[i.imposed for i in importers])[0]
        day = FIRST_DAY + dt.timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
        revision = [r for r in revisions[importer.pk] if r.effective_from <= day][-1]
        codes = lines[revision.pk]
        choice = codes
        if rng.random() < 0.6 and scope[importer.pk]:
            prefix = rng.choice(scope[importer.pk])
            low = bisect.bisect_left(codes, prefix)
            high = bisect.bisect_left(codes, prefix[:-1] + chr(ord(prefix[-1]) + 1))
            choice = codes[low:high] or codes
        exporters = targets[importer.pk] if rng.random() < 0.6 else []
        exporter = rng.choice(exporters or [c for c in countries if c.pk != importer.pk])
        samples.append((importer, exporter, rng.choice(choice), day))
    return samples


def time_lookups(client, lookups):
    from tariffs.engine import lookup_duty

    engine, api, baseline, read, layers, skipped, differing = [], [], [], [], [], [], []
    for importer, exporter, code, day in lookups:
        seconds, answer = timed(lambda: lookup_duty(importer, exporter, code, day))  # noqa: B023
        engine.append(seconds)
        seconds, rows = timed(lambda: lookup_baseline(importer, exporter, code, day))  # noqa: B023
        baseline.append(seconds)
        url = (
            f"/api/v1/tariff-lookup/?importer={importer.iso3}&exporter={exporter.iso3}"
            f"&hs={code}&date={day.isoformat()}"
        )
        seconds, response = timed(lambda: client.get(url))  # noqa: B023
        api.append(seconds)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        read.append(len(rows[1]))
        layers.append(sum(len(line.layers) for line in answer.lines))
        skipped.append(len(answer.skipped))
        found = lookup_disagreements(answer, rows, code, day)
        if found:
            differing.append(
                {"question": [importer.iso3, exporter.iso3, code, str(day)], "differ": found}
            )
    return {
        "samples": len(lookups),
        "measures_read_mean": sum(read) / len(read),
        "measures_read_max": max(read),
        "layers_mean": sum(layers) / len(layers),
        "layers_max": max(layers),
        "not_applying_mean": sum(skipped) / len(skipped),
        "service": summary_ms(engine),
        "api": summary_ms(api),
        "baseline_sql": summary_ms(baseline),
        "answers_differing_from_baseline": len(differing),
        "differing_examples": differing[:5],
    }


def report(name, figures, p50_target, p99_target=None):
    print(f"\n{name}: {figures['samples']} samples")
    for layer in ("service", "api", "baseline_sql"):
        s = figures[layer]
        print(
            f"  {layer:12} p50 {s['p50_ms']:6.2f} ms  p99 {s['p99_ms']:7.2f} ms  "
            f"max {s['max_ms']:7.2f} ms"
        )
    service, base = figures["service"], figures["baseline_sql"]
    verdicts = [f"p50 < {p50_target:g} ms: {'met' if service['p50_ms'] < p50_target else 'MISSED'}"]
    if p99_target is not None:
        met = service["p99_ms"] < p99_target
        verdicts.append(f"p99 < {p99_target:g} ms: {'met' if met else 'MISSED'}")
    ratios = ", ".join(f"{p} {service[p + '_ms'] / base[p + '_ms']:.1f}x" for p in ("p50", "p99"))
    print(
        f"  service {'; '.join(verdicts)}; service/baseline {ratios}; "
        f"answers differing from the baseline: {figures['answers_differing_from_baseline']}"
    )
    if figures.get("differing_examples"):
        print(f"  e.g. {figures['differing_examples'][:3]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--json", metavar="PATH", help="also write figures and plans here")
    options = parser.parse_args()

    setup_django()
    from django.test import Client

    from negotiations.volume import is_seeded
    from tariffs.engine import lookup_duty
    from tariffs.services import measure_coverage

    if not is_seeded():
        sys.exit("No seeded data set: run manage.py seed_volume --scale 1 first.")
    info = machine()
    print(describe_machine(info))
    counts = row_counts()
    print(f"Rows: {counts}")
    rng = random.Random(f"{options.seed}:lookup")
    lookups = lookup_samples(rng, options.samples)
    client = Client(HTTP_HOST="127.0.0.1")

    # Warm the connection, the caches of the database and of Python.
    for importer, exporter, code, day in lookups[:20]:
        lookup_duty(importer, exporter, code, day)
        lookup_baseline(importer, exporter, code, day)
    # The coverage samples are read afterwards: while the lookups are timed, the process
    # holds no more than a worker would, so the collector's pauses are a worker's.
    gc.collect()
    with CollectorPauses() as pauses:
        results = {"counts": counts, "lookup": time_lookups(client, lookups)}
    results["lookup"]["collector_pauses"] = pauses.summary()
    results["lookup"]["collector_off"] = without_collector(lookups)
    mean, most = query_counts(lookups[:100])
    results["lookup"].update(queries_mean=mean, queries_max=most, steps_ms=step_times(lookups))

    measures, heaviest = coverage_samples(rng, options.samples)
    for measure in measures[:20]:
        measure_coverage(measure, YEAR, ON)
    results["coverage"] = time_coverage(client, measures + heaviest)

    figures = results["lookup"]
    report("lookup_duty (one national line)", figures, TARGET_P50_MS, TARGET_P99_MS)
    print(
        f"  queries per lookup: mean {mean:.1f}, max {most}; measures read per lookup: mean "
        f"{figures['measures_read_mean']:.1f} (max {figures['measures_read_max']}); layers: mean "
        f"{figures['layers_mean']:.1f} (max {figures['layers_max']}); measures not applying "
        f"shown: mean {figures['not_applying_mean']:.1f}"
    )
    off, full = figures["collector_off"], figures["collector_pauses"]["generation_2"]
    print(
        f"  cyclic collector: {full['count']} full (generation 2) collections during the run, "
        f"{full['total_ms']:.0f} ms in all, the longest {full['max_ms']:.1f} ms; one lookup "
        f"leaves {off['cyclic_garbage_per_lookup']} objects in reference cycles"
    )
    print(
        f"  engine with the collector off (diagnostic): p50 {off['service']['p50_ms']:.2f} ms, "
        f"p99 {off['service']['p99_ms']:.2f} ms, max {off['service']['max_ms']:.2f} ms"
    )
    steps = ", ".join(f"{name} {ms:.2f}" for name, ms in figures["steps_ms"].items())
    print(f"  steps, each alone (median ms, collector off): {steps}")
    report("measure_coverage", results["coverage"], COVERAGE_TARGET_P50_MS)

    # Plans of the heaviest cases: the lookup reading the most measures, and coverage of an
    # all-products measure and of a targeted one.
    heavy = max(lookups, key=lambda sample: len(lookup_baseline(*sample)[1]))
    lookup_plans = explain_calls(lambda: lookup_duty(*heavy))
    print_plans(f"lookup_duty{tuple(str(x) for x in heavy)}", lookup_plans, LARGE_TABLES)
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
            f"measure_coverage({label}: measure {measure.pk}, {YEAR})",
            coverage_plans[label],
            LARGE_TABLES,
        )
    results["plans"] = {"lookup": lookup_plans, "coverage": coverage_plans}
    if options.json:
        Path(options.json).write_text(
            json.dumps({"machine": info, **results}, indent=2, default=str)
        )


def row_counts():
    """How many rows the tables the lookup reads hold."""
    from commodities.models import TradeFlow
    from tariffs.models import (
        Measure,
        MeasureChange,
        MeasureRelation,
        NationalLine,
        PartnerException,
        ScheduleRevision,
        ScopeLine,
    )

    models = {
        "measures": Measure,
        "measure changes": MeasureChange,
        "scope lines": ScopeLine,
        "relations": MeasureRelation,
        "partner exceptions": PartnerException,
        "schedule revisions": ScheduleRevision,
        "national lines": NationalLine,
        "trade flows": TradeFlow,
    }
    return {name: model.objects.count() for name, model in models.items()}


if __name__ == "__main__":
    main()
