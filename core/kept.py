"""What nearly every request reads and seldom changes, kept in each process for one version of
the data: the economies (listed in every filter form and in the tariff lookup, named by code
in every query string) and the choices and options written from them.

Kept under `DataVersion.latest()` (of everything), which a request reads once anyway for its
ETag and which every write bumps: a process sees another's change on its next request. A
change made in this process clears them at once (`data_changed`, sent by the bump), so a
request never reads back rows it has just changed. What is kept is shared between requests:
read it, never change it.
"""

import copy

from .models import DataVersion, Economy

_kept = []


class PerVersion:
    """`compute(version)`, computed once per version of the data in this process."""

    def __init__(self, compute):
        self.compute = compute
        self.kept = (None, None)
        _kept.append(self)

    def __call__(self, version=None):
        """The value for `version` (the request's, read once; read here when not given)."""
        version = DataVersion.latest() if version is None else version
        kept_version, value = self.kept
        if value is None or kept_version != version:
            value = self.compute(version)
            self.kept = (version, value)
        return value

    def clear(self):
        self.kept = (None, None)


def clear_all(**kwargs):
    """Forget everything kept (on a change made in this process; between tests, whose
    rollbacks change the data without a bump)."""
    for kept in _kept:
        kept.clear()


class Economies:
    """Every economy, by name, and each by its code."""

    def __init__(self, economies):
        self.by_name = economies
        self.by_iso3 = {economy.iso3: economy for economy in economies}

    def named(self, iso3):
        """A copy of the economy whose ISO alpha-3 code is `iso3` (the caller may change its
        own), or None."""
        economy = self.by_iso3.get(iso3)
        return copy.copy(economy) if economy is not None else None


economies = PerVersion(lambda version: Economies(list(Economy.objects.order_by("name"))))

# Pools of rows, choices and written options of the forms' selects (`core.filtersets`), by
# query: one dictionary per version, shared by every form of the process.
choice_pool = PerVersion(lambda version: {})
