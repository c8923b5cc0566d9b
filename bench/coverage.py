"""Measure coverage at volume: the service and its API endpoint against a raw-SQL baseline
that reads the same trade flows (run by bench/lookup.py)."""

import datetime as dt
from decimal import Decimal

from django.db import connection

from bench.common import summary_ms, timed

YEAR = 2024
ON = dt.date(2025, 9, 1)  # the date of the rates and of the scope lines in effect


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


def run_sql(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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


def coverage_baseline(measure, on):
    """The trade the measure covers: its scope and annex lines in effect on `on`."""
    targets = [e.pk for t in measure.targets.all() for e in (t, *t.members.all())]
    lines = [line for line in measure.scope_lines.all() if line.in_effect(on)]
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


def time_coverage(client, measures):
    from tariffs.services import measure_coverage

    service, api, baseline, differing = [], [], [], []
    for measure in measures:
        seconds, coverage = timed(lambda: measure_coverage(measure, YEAR, ON))  # noqa: B023
        service.append(seconds)
        seconds, rows = timed(lambda: coverage_baseline(measure, ON))  # noqa: B023
        baseline.append(seconds)
        url = f"/api/v1/measures/{measure.pk}/coverage/?year={YEAR}&date={ON.isoformat()}"
        seconds, response = timed(lambda: client.get(url))  # noqa: B023
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
    return {
        "samples": len(measures),
        "service": summary_ms(service),
        "api": summary_ms(api),
        "baseline_sql": summary_ms(baseline),
        "answers_differing_from_baseline": len(differing),
        "differing_examples": differing[:5],
    }
