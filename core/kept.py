"""What nearly every request reads and seldom changes, kept in each process for one version of
the data: the economies (listed in every filter form and in the tariff lookup, named by code
in every query string, the issuer and targets of every measure listed) and the choices and
options written from them.

Kept under `DataVersion.latest()` (of everything), which a request reads once anyway for its
ETag (`core.conditional.data_version`, which keeps it as the request's for the rest of it)
and which every write bumps: a process sees another's change on its next request. A change
made in this process clears them at once (`data_changed`, sent by the bump, which also
forgets the request's version), so a request never reads back rows it has just changed under
the version it read before. What is kept is shared between requests: read it, never change
it.
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
        """The value for `version`: by default `DataVersion.latest()`, which in a request is
        the version it read (`DataVersion.read_for_request`)."""
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
    DataVersion.forget()
    for kept in _kept:
        kept.clear()


class Economies:
    """Every economy, by name, and each by its code; the unions and groups each belongs to."""

    def __init__(self, economies, memberships=()):
        self.by_name = economies
        self.unions_of = {}
        for member, union in memberships:
            self.unions_of.setdefault(member, set()).add(union)
        self.by_iso3 = {economy.iso3: economy for economy in economies}
        self.by_pk = {economy.pk: economy for economy in economies}
        # An economy's place in the economies' own order (Economy.Meta.ordering: the name).
        self.rank = {economy.pk: place for place, economy in enumerate(economies)}

    def having(self, pks):
        """These, or, when some of `pks` is not among them (an economy added by another
        process since the version was read), every economy read anew (and not kept)."""
        if self.by_pk.keys() >= set(pks):
            return self
        return read_economies()

    def reach(self, pk):
        """The economy's id and those of every union or group it belongs to: what reaches
        its goods (`EconomyQuerySet.reach`)."""
        return {pk, *self.unions_of.get(pk, ())}

    def named(self, iso3):
        """A copy of the economy whose ISO alpha-3 code is `iso3` (the caller may change its
        own), or None."""
        economy = self.by_iso3.get(iso3)
        return copy.copy(economy) if economy is not None else None


def read_economies():
    memberships = Economy.members.through.objects.values_list("to_economy", "from_economy")
    return Economies(list(Economy.objects.order_by("name")), memberships)


economies = PerVersion(lambda version: read_economies())

# Pools of rows, choices and written options of the forms' selects (`core.filtersets`), by
# query: one dictionary per version, shared by every form of the process.
choice_pool = PerVersion(lambda version: {})
