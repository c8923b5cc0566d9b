"""The effective tariff rate, computed once per version of the duty data and kept.

A series takes from a few tenths of a second to seconds to compute (docs/benchmarks.md), and
it changes only when what it is computed from changes: the nomenclature, trade flows,
schedules or measures (`DataVersion.DUTIES`, bumped on every write to those, bulk ones
included). So the answer is cached under that version: a page or a client asking again
reads it back; any such write makes every cached series stale at once, and
`negotiations.tasks.refresh_effective_rates` computes the negotiations' series again in the
background. With the cache down (Redis stopped), every call computes.
"""

import dataclasses

from django.conf import settings
from django.core.cache import cache

from core.models import DataVersion

from .rates import effective_tariff_rate

KEY = "effective-rate:v1"


def cache_key(importer, exporter, start, end, known_on, version):
    known = known_on.isoformat() if known_on else "now"
    return (
        f"{KEY}:{importer.pk}:{exporter.pk}:{start.isoformat()}:{end.isoformat()}:{known}:"
        f"{version.timestamp()}"
    )


def effective_rate(importer, exporter, start, end, known_on=None):
    """`effective_tariff_rate(...)`, read from the cache when the duty data have not changed
    since it was computed (one query for the version), else computed and kept."""
    version = DataVersion.latest(DataVersion.DUTIES)
    key = cache_key(importer, exporter, start, end, known_on, version)
    answer = cache.get(key)
    if answer is None:
        answer = effective_tariff_rate(importer, exporter, start, end, known_on)
        cache.set(key, answer, timeout=settings.EFFECTIVE_RATE_CACHE_SECONDS)
        return answer
    # The economies as the caller has them (a name may have been edited since).
    return dataclasses.replace(answer, importer=importer, exporter=exporter)


def is_cached(importer, exporter, start, end, known_on=None):
    """Whether the series for the current duty data is in the cache."""
    version = DataVersion.latest(DataVersion.DUTIES)
    return cache.get(cache_key(importer, exporter, start, end, known_on, version)) is not None
