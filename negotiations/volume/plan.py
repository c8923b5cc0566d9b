"""How much to write: the sizes at each scale, and the constants the stages share."""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

# The sizes at scale 1, and the least of each at any scale so that a tiny data set keeps
# every shape (a union, two negotiations, several measures per issuer).
FULL = {
    "economies": 200,
    "sources": 2_000,
    "negotiations": 50,
    "measures": 10_000,
    "concessions": 20_000,
    "trade_flows": 2_000_000,
}
MINIMUM = {
    "economies": 8,
    "sources": 20,
    "negotiations": 2,
    "measures": 20,
    "concessions": 20,
    "trade_flows": 100,
}
ROUNDS_PER_NEGOTIATION = 10

# ISO 3166 leaves QM-QZ to users: no real economy has these codes.
ISO3_FIRST, ISO3_SECOND = "Q", "MNOPQRSTUVWXYZ"
SEEDED_ISO3 = r"^Q[M-Z][A-Z]$"
MAX_ECONOMIES = len(ISO3_SECOND) * 26
SLUG_PREFIX = "vol-"
SOURCE_URL = "https://volume.invalid/sources/"

# The data's own "today": rounds after it are expected, and nothing depends on the clock.
REFERENCE_DATE = dt.date(2025, 9, 1)
FIRST_DAY = dt.date(2016, 1, 1)
BATCH_SIZE = 5_000


@dataclass(frozen=True)
class VolumePlan:
    """How many of each to write."""

    economies: int
    sources: int
    negotiations: int
    measures: int
    concessions: int
    trade_flows: int
    rounds_per_negotiation: int = ROUNDS_PER_NEGOTIATION

    @classmethod
    def at_scale(cls, scale: float, **counts) -> "VolumePlan":
        """FULL times `scale` (no less than MINIMUM); a count given by name replaces its own."""
        if not scale > 0:
            raise ValueError("the scale must be a positive number")
        sizes = {name: max(MINIMUM[name], round(full * scale)) for name, full in FULL.items()}
        sizes.update({name: value for name, value in counts.items() if value is not None})
        plan = cls(**sizes)
        if not MINIMUM["economies"] <= plan.economies <= MAX_ECONOMIES:
            raise ValueError(
                f"economies must be between {MINIMUM['economies']} and {MAX_ECONOMIES}"
            )
        if min(plan.sources, plan.negotiations, plan.rounds_per_negotiation) < 1:
            raise ValueError("there must be at least one source, negotiation and round")
        if min(plan.measures, plan.concessions, plan.trade_flows) < 0:
            raise ValueError("counts cannot be negative")
        return plan


@dataclass
class SeedReport:
    """What was written, and how long each stage took (seconds)."""

    counts: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def default_hs_source() -> str:
    """The HS table beside the checkout (../shared/data/hs), never copied into the project."""
    from django.conf import settings

    return str(Path(settings.BASE_DIR).parent / "shared" / "data" / "hs" / "harmonized-system.csv")
