"""The admin of the talks, their concessions, agreements and the refreshes started from it."""

from . import agreements, concessions, refreshes, rounds, talks  # noqa: F401  (each registers its models)
