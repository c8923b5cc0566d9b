"""The API's list endpoints, by path under /api/v1/."""

LIST_RESOURCES = [
    "economies",
    "negotiations",
    "rounds",
    "people",
    "sources",
    "measures",
    "commodities",
    "concessions",
    "trade-flows",
    "agreements",
    "commitments",
]
