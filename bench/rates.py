"""Effective tariff rate at volume: one pair over 24 months, how it grows with the products
traded, against a raw-SQL read of the same rows; a profile of where the time goes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_volume \\
        .venv/bin/python bench/rates.py --runs 3

Needs a seeded database (manage.py seed_volume --scale 1) with a national schedule imported
for the importer (manage.py import_schedule ... --importer QMA). By default the importer is
the seeded economy with a schedule that imposes the most measures, and the exporter the trade
partner its measures reach most often.

1. `effective_tariff_rate(importer, exporter, start, end)` over 24 months (median of --runs),
   with its query count and how many months it computed (a month whose measures, lines and
   relations stand as in the month before takes that month's figures), against the baseline
   (bench/duty_baseline.py: the weights, the measures the engine loads with their steps,
   lines, relations and exceptions, and the rate lines of the products in each revision).
2. The same for weight sets of about 10, 100, 1,000 and all HS6 products: annual imports of a
   year after the seeded ones, written for the pair inside a transaction that is rolled back
   (the engine takes the latest year), so the database is left as it was.
3. cProfile of one run of step 1, when it misses the target or with --profile.
"""

import argparse
import cProfile
import datetime as dt
import io
import json
import pstats
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import describe_machine, machine, setup_django
from bench.duty_baseline import rate_baseline

TARGET_SECONDS = 2.0
START, END = dt.date(2025, 1, 1), dt.date(2026, 12, 31)
SIZES = (10, 100, 1000, None)  # None: every HS6 subheading
# Where the time goes: the engine's steps, by module path and function name.
STEPS = [
    ("weights (query)", "tariffs/engine/rates.py", "weights"),
    ("MeasureBook.load (queries, model instances)", "tariffs/engine/book.py", "load"),
    ("signature of each month", "tariffs/engine/rates.py", "signature"),
    ("base rates of each month (query)", "tariffs/engine/bulk.py", "load_bases"),
    ("month_figures", "tariffs/engine/rates.py", "month_figures"),
    ("  BulkDuty.product", "tariffs/engine/bulk.py", "product"),
    ("    MeasureBook.candidates", "tariffs/engine/book.py", "candidates"),
    ("    resolve", "tariffs/engine/resolve.py", "resolve"),
    ("    layer (what each measure adds)", "tariffs/engine/layers.py", "layer"),
    ("    DutyExpression.build (its text made each time)", "tariffs/expressions/model.py", "build"),
    ("    ad_valorem_equivalent", "tariffs/expressions/model.py", "ad_valorem_equivalent"),
    ("    related managers (.all() on prefetched)", "django/db/models/manager.py", "all"),
]


def pick_pair(importer_code=None, exporter_code=None):
    from django.db.models import Count, Q

    from commodities.models import TradeFlow
    from core.models import Economy
    from tariffs.models import ScheduleRevision

    if importer_code:
        importer = Economy.objects.get(iso3=importer_code)
    else:
        importer = (
            Economy.objects.filter(pk__in=ScheduleRevision.objects.values("importer"))
            .annotate(imposed=Count("measures_imposed"))
            .order_by("-imposed", "iso3")
            .first()
        )
    if importer is None:
        sys.exit("No importer has a schedule: run manage.py import_schedule first.")
    if exporter_code:
        return importer, Economy.objects.get(iso3=exporter_code)
    partners = TradeFlow.objects.filter(
        reporter=importer, flow=TradeFlow.Direction.IMPORT, month=TradeFlow.ANNUAL
    ).values("partner")
    aimed = Count(
        "measures_targeting", filter=Q(measures_targeting__issuer=importer), distinct=True
    )
    exporter = (
        Economy.objects.filter(pk__in=partners)
        .annotate(aimed=aimed)
        .order_by("-aimed", "iso3")
        .first()
    )
    if exporter is None:
        sys.exit(f"{importer.iso3} reports no imports: seed the trade flows first.")
    return importer, exporter


def measured(importer, exporter, runs):
    """Median seconds of the engine and of the baseline, queries, months computed, and
    whether the engine's weights and measures are those the baseline reads."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tariffs.engine import rates
    from tariffs.engine.book import MeasureBook

    computed = []
    original = rates.month_figures

    def counting(*args, **kwargs):
        computed.append(1)
        return original(*args, **kwargs)

    engine, baseline = [], []
    rates.month_figures = counting
    try:
        for _ in range(runs):
            computed.clear()
            start = time.perf_counter()
            answer = rates.effective_tariff_rate(importer, exporter, START, END)
            engine.append(time.perf_counter() - start)
            start = time.perf_counter()
            weights, measures, bases = rate_baseline(importer, exporter, END)
            baseline.append(time.perf_counter() - start)
    finally:
        rates.month_figures = original
    with CaptureQueriesContext(connection) as captured:
        rates.effective_tariff_rate(importer, exporter, START, END)
    book = MeasureBook.load(importer, exporter)
    value = sum((row[4] for row in weights), Decimal(0))
    agrees = (
        answer.products == len({row[2] for row in weights})
        and answer.trade_value_usd == value
        and {m.pk for m in book.measures} == {m["id"] for m in measures}
    )
    months = [m for m in answer.months if m.rate is not None]
    return {
        "products": answer.products,
        "weights_year": answer.year,
        "trade_value_usd": str(answer.trade_value_usd),
        "measures": len(book.measures),
        "months": len(answer.months),
        "months_computed": len(computed),
        "queries": len(captured.captured_queries),
        "engine_runs_s": engine,
        "engine_s": statistics.median(engine),
        "baseline_s": statistics.median(baseline),
        "baseline_rows": {"weights": len(weights), "measures": len(measures), "bases": len(bases)},
        "agrees_with_baseline": agrees,
        "rate_first_last": [str(months[0].rate), str(months[-1].rate)] if months else None,
        "not_computable_share_last": str(answer.months[-1].not_computable_share),
    }


def write_weights(importer, exporter, codes, year, rng):
    """Annual imports of `codes` from the exporter in `year`, 70 % with a quantity in kg."""
    from commodities.models import TradeFlow

    fetched = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
    rows = []
    for code in codes:
        value = Decimal(f"{min(rng.lognormvariate(14, 2), 1e12):.2f}")
        quantity = Decimal(f"{value / Decimal(rng.uniform(1, 50)):.3f}")
        with_quantity = rng.random() < 0.7
        rows.append(
            TradeFlow(
                source=TradeFlow.Source.COMTRADE,
                reporter=importer,
                partner=exporter,
                commodity_id=code,
                year=year,
                month=TradeFlow.ANNUAL,
                flow=TradeFlow.Direction.IMPORT,
                value_usd=value,
                quantity=quantity if with_quantity else None,
                quantity_unit="kg" if with_quantity else "",
                fetched_at=fetched,
            )
        )
    TradeFlow.objects.bulk_create(rows, batch_size=5000)


def by_size(importer, exporter, year, runs, runs_large, seed):
    """measured() for weight sets of SIZES products, each written and rolled back."""
    from django.db import transaction

    from commodities.models import Commodity

    codes = list(Commodity.objects.filter(level=6).order_by("code").values_list("code", flat=True))
    random.Random(f"{seed}:rates").shuffle(codes)
    results = []
    with transaction.atomic():
        for size in SIZES:
            chosen = codes[: size or len(codes)]
            point = transaction.savepoint()
            write_weights(importer, exporter, chosen, year, random.Random(f"{seed}:{size}"))
            figures = measured(importer, exporter, runs if size and size <= 1000 else runs_large)
            transaction.savepoint_rollback(point)
            figures["size"] = len(chosen)
            results.append(figures)
            show(f"{len(chosen):,} products (weights of {year}, rolled back)", figures)
        transaction.set_rollback(True)
    return results


def show(label, figures):
    per_product = figures["engine_s"] / figures["products"] * 1000
    per_cell = per_product / max(1, figures["months_computed"])
    runs = ", ".join(f"{seconds:.2f}" for seconds in figures["engine_runs_s"])
    ratio = figures["engine_s"] / figures["baseline_s"]
    same = "yes" if figures["agrees_with_baseline"] else "NO"
    print(
        f"{label}: engine {figures['engine_s']:.3f} s (runs {runs}), {figures['queries']} "
        f"queries, {figures['months_computed']} of {figures['months']} months computed; "
        f"{per_product:.2f} ms per product, {per_cell:.3f} ms per product-month; baseline "
        f"{figures['baseline_s'] * 1000:.1f} ms (engine {ratio:.0f}x); {figures['measures']} "
        f"measures; same weights and measures as the baseline: {same}",
        flush=True,
    )


def profile(importer, exporter, top):
    """cProfile of one run: the engine's steps (cumulative seconds) and the top frames."""
    from tariffs.engine.rates import effective_tariff_rate

    profiler = cProfile.Profile()
    profiler.enable()
    effective_tariff_rate(importer, exporter, START, END)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = max(ct for _, _, _, ct, _ in stats.stats.values())
    steps = []
    for label, path, name in STEPS:
        # Of two functions of the same name in a module (a method calling its module's
        # function), the outer one: the larger cumulative time.
        found = [
            (ct, nc)
            for (filename, _, function), (_, nc, _, ct, _) in stats.stats.items()
            if filename.endswith(path) and function == name
        ]
        seconds, calls = max(found, default=(0.0, 0))
        steps.append({"step": label, "calls": calls, "seconds": seconds})
    print(f"\nProfile of one run ({total:.2f} s under cProfile):")
    for step in steps:
        share = step["seconds"] / total * 100 if total else 0
        print(
            f"  {step['step']:48} {step['calls']:>9,} calls {step['seconds']:7.2f} s {share:5.1f} %"
        )
    for order in ("tottime", "cumulative"):
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats(order).print_stats(top)
        print(f"\nTop {top} frames by {order}:")
        print(buffer.getvalue().split("\n", 6)[-1].rstrip())
    return {"total_s": total, "steps": steps}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--importer", help="ISO3 (default: the busiest importer with a schedule)")
    parser.add_argument("--exporter", help="ISO3 (default: the partner most often targeted)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument(
        "--runs-large", type=int, default=1, help="runs for the set of every HS6 product (1)"
    )
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--profile", action="store_true", help="profile even if the target is met")
    parser.add_argument("--top", type=int, default=25, help="frames to print from the profile")
    parser.add_argument("--no-sizes", action="store_true", help="skip the runs by product count")
    parser.add_argument("--json", metavar="PATH", help="also write the figures here")
    options = parser.parse_args()

    setup_django()
    from commodities.models import TradeFlow
    from tariffs.engine.rates import effective_tariff_rate
    from tariffs.models import Measure, NationalLine

    info = machine()
    print(describe_machine(info))
    importer, exporter = pick_pair(options.importer, options.exporter)
    counts = {
        "measures": Measure.objects.count(),
        "of the importer": Measure.objects.filter(issuer=importer).count(),
        "national lines of the importer": NationalLine.objects.filter(
            revision__importer=importer
        ).count(),
        "trade flows": TradeFlow.objects.count(),
    }
    print(f"Pair: {importer.iso3} importing from {exporter.iso3}, {START} to {END}; rows {counts}")
    effective_tariff_rate(importer, exporter, START, END)  # warm the caches
    results = {"machine": info, "pair": [importer.iso3, exporter.iso3], "counts": counts}
    pair = measured(importer, exporter, options.runs)
    results["pair_figures"] = pair
    show(f"The pair's own weights ({pair['weights_year']})", pair)
    met = pair["engine_s"] < TARGET_SECONDS
    print(f"Target < {TARGET_SECONDS:g} s: {'met' if met else 'MISSED'}")
    if not options.no_sizes:
        year = pair["weights_year"] + 1
        results["by_size"] = by_size(
            importer, exporter, year, options.runs, options.runs_large, options.seed
        )
    if options.profile or not met:
        results["profile"] = profile(importer, exporter, options.top)
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
