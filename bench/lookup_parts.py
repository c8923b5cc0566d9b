"""Where a lookup's time goes: its queries, its steps timed one by one, and the pauses of
Python's cyclic garbage collector (run by bench/lookup.py)."""

import gc
import statistics
import time

from bench.common import summary_ms, timed


def query_counts(samples):
    """Queries per lookup (mean, max), counted on a pass of their own, untimed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tariffs.engine import lookup_duty

    counts = []
    for sample in samples:
        with CaptureQueriesContext(connection) as captured:
            lookup_duty(*sample)
        counts.append(len(captured.captured_queries))
    return sum(counts) / len(counts), max(counts)


class CollectorPauses:
    """The pauses of Python's cyclic garbage collector while it is open, by generation."""

    def __init__(self):
        self.pauses = {0: [], 1: [], 2: []}
        self.started = None

    def __call__(self, phase, info):
        if phase == "start":
            self.started = time.perf_counter()
        elif self.started is not None:
            self.pauses[info["generation"]].append(time.perf_counter() - self.started)

    def __enter__(self):
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc_info):
        gc.callbacks.remove(self)

    def summary(self):
        return {
            f"generation_{generation}": {
                "count": len(pauses),
                "total_ms": sum(pauses) * 1000,
                "max_ms": max(pauses, default=0) * 1000,
            }
            for generation, pauses in self.pauses.items()
        }


def without_collector(lookups):
    """The engine's timings with the cyclic collector off (a diagnostic), and how many objects
    one lookup leaves that only the collector frees (reference cycles)."""
    from tariffs.engine import lookup_duty

    gc.collect()
    gc.disable()
    try:
        lookup_duty(*lookups[0])
        cyclic = gc.collect()
        seconds = [timed(lambda: lookup_duty(*sample))[0] for sample in lookups]  # noqa: B023
    finally:
        gc.enable()
        gc.collect()
    return {"service": summary_ms(seconds), "cyclic_garbage_per_lookup": cyclic}


def step_times(lookups):
    """Median ms of the lookup's steps, each timed alone, the collector off: loading the
    measures as rows, the partner's reach, the national lines, the unit value, and the rest of
    `lookup_duty` given the loaded measures (those three again, deciding, the answer)."""
    from tariffs.engine import lookup_duty
    from tariffs.engine.book import MeasureBook, reach_ids
    from tariffs.engine.schedule import schedule_lines
    from tariffs.engine.unit_values import unit_value

    steps = {name: [] for name in ("load", "reach", "lines", "unit_value")}
    steps["rest"] = []
    gc.disable()
    try:
        for importer, exporter, code, day in lookups:
            reach = reach_ids(exporter)
            seconds, book = timed(lambda: MeasureBook.load(importer, code=code, reach=reach))  # noqa: B023
            steps["load"].append(seconds)
            steps["reach"].append(timed(lambda: reach_ids(exporter))[0])  # noqa: B023
            steps["lines"].append(timed(lambda: schedule_lines(importer, code, day))[0])  # noqa: B023
            steps["unit_value"].append(timed(lambda: unit_value(importer, exporter, code))[0])  # noqa: B023
            rest = timed(lambda: lookup_duty(importer, exporter, code, day, book=book))[0]  # noqa: B023
            steps["rest"].append(rest)
    finally:
        gc.enable()
    return {name: statistics.median(values) * 1000 for name, values in steps.items()}
