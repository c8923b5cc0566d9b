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
    [answer] = effective_rates([(importer, exporter, start, end)], known_on)
    return answer


def effective_rates(asked, known_on=None):
    """`effective_rate` of each (importer, exporter, start, end) of `asked`, in order: the
    version read once and the cache asked once for all of them."""
    version = DataVersion.latest(DataVersion.DUTIES)
    keys = [cache_key(*ask, known_on, version) for ask in asked]
    found = cache.get_many(keys) if keys else {}
    answers = []
    for (importer, exporter, start, end), key in zip(asked, keys, strict=True):
        answer = found.get(key)
        if answer is None:
            answer = effective_tariff_rate(importer, exporter, start, end, known_on)
            cache.set(key, answer, timeout=settings.EFFECTIVE_RATE_CACHE_SECONDS)
            found[key] = answer
        else:
            # The economies as the caller has them (a name may have been edited since).
            answer = dataclasses.replace(answer, importer=importer, exporter=exporter)
        answers.append(answer)
    return answers


def is_cached(importer, exporter, start, end, known_on=None):
    """Whether the series for the current duty data is in the cache."""
    version = DataVersion.latest(DataVersion.DUTIES)
    return cache.get(cache_key(importer, exporter, start, end, known_on, version)) is not None
