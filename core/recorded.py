"""The day "today" means for facts about some economies: today, or the day their record stops.

The apps above core that know where their records stop (the negotiations, with a
negotiation's `recorded_through`) register a function here, so that the pages of the apps
below them (the tariffs' panel on a commodity page) can ask without importing them.
"""

import datetime as dt

_stops = []


def record_stop(function):
    """Register `function(economies)`: the day the record about them stops, or None when it
    runs to today."""
    _stops.append(function)
    return function


def as_of(economies, today=None):
    """Today (or `today`), or the earlier day the record about `economies` stops."""
    today = today or dt.date.today()
    stops = [day for stop in _stops if (day := stop(list(economies))) is not None]
    return min([today, *stops])
