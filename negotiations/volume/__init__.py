"""A realistic data set at volume, for the benchmarks and the scale tests.

    plan = VolumePlan.at_scale(1)     # ~200 economies, 50 negotiations of 10 rounds, 10,000
                                      # measures, 20,000 concessions, 2,000,000 trade flows
    report = seed_volume(plan, hs_source, seed=2025)

The same plan and seed give the same rows, whatever else the database holds: every stage
draws from its own random stream, and dates are fixed, never "today". Economies are named
from the ISO 3166 user-assigned range QMA-QZZ, which no real economy uses, so the seeded rows
can be told apart from any others: `is_seeded()` says whether a data set is there, and
`delete_seeded()` deletes exactly what `seed_volume` wrote.

Writes are bulk: `bulk_create` for the reference data, and for the trade flows the workers'
own write path, `commodities.ingest.upsert_trade_flows` (COPY into a staging table and one
INSERT ... ON CONFLICT on PostgreSQL), fed by a generator so that two million rows are never
held at once. Bulk writes send no signals, so no audit-history rows are written.
"""

from .cleanup import delete_seeded, is_seeded
from .economies import economy_code, economy_name, seeded_economies
from .plan import (
    FULL,
    MINIMUM,
    REFERENCE_DATE,
    ROUNDS_PER_NEGOTIATION,
    SEEDED_ISO3,
    SLUG_PREFIX,
    SOURCE_URL,
    SeedReport,
    VolumePlan,
    default_hs_source,
)
from .seeder import AlreadySeeded, seed_volume

__all__ = [
    "FULL",
    "MINIMUM",
    "REFERENCE_DATE",
    "ROUNDS_PER_NEGOTIATION",
    "SEEDED_ISO3",
    "SLUG_PREFIX",
    "SOURCE_URL",
    "AlreadySeeded",
    "SeedReport",
    "VolumePlan",
    "default_hs_source",
    "delete_seeded",
    "economy_code",
    "economy_name",
    "is_seeded",
    "seed_volume",
    "seeded_economies",
]
