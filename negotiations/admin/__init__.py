"""The admin of the talks, their concessions and the refreshes started from it."""

from . import concessions, refreshes, talks  # noqa: F401  (each registers its models)
