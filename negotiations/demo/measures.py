"""The U.S. measures the talks are about, with their scopes and histories."""

import datetime as dt
from decimal import Decimal

from tariffs.models import LegalBasis, Measure, MeasureChange, ScopeLine, Status

from .sync import sync


def load_measures(economies, sources):
    usa, japan = economies["USA"], economies["JPN"]
    proclaimed_on = dt.date(2025, 3, 26)
    autos = measure(
        "Section 232 duty on imported automobiles",
        usa,
        LegalBasis.SECTION_232,
        "Proclamation 10908",
        stacks=True,
        all_economies=True,
        all_products=False,
        included=["8703"],
        excluded=[],
        description="25% additional duty on passenger vehicles, Japanese automobile exports "
        "included.",
    )
    history(
        autos,
        [
            (proclaimed_on, Status.ANNOUNCED, Decimal("25"), "Proclaimed."),
            (dt.date(2025, 4, 3), Status.IN_FORCE, None, "Collected from 3 April 2025."),
        ],
        sources=[sources["autos"], *sources["reports"]],
    )

    parts = measure(
        "Section 232 duty on imported automobile parts",
        usa,
        LegalBasis.SECTION_232,
        "Proclamation 10908",
        stacks=True,
        all_economies=True,
        all_products=False,
        included=["8708"],
        excluded=[],
        description="25% additional duty on automobile parts.",
    )
    history(
        parts,
        [
            (proclaimed_on, Status.ANNOUNCED, Decimal("25"), "Proclaimed."),
            (dt.date(2025, 5, 3), Status.IN_FORCE, None, "Collected from 3 May 2025."),
        ],
        sources=[sources["autos"]],
    )

    universal = measure(
        "Universal 10% baseline tariff",
        usa,
        LegalBasis.IEEPA,
        "Executive Order 14257",
        stacks=False,
        all_economies=True,
        all_products=True,
        included=[],
        excluded=["8703", "8708"],
        description="A universal 10% rate on other goods; goods under the Section 232 "
        "automobile duties are excluded.",
    )
    history(
        universal,
        [
            (dt.date(2025, 4, 2), Status.ANNOUNCED, Decimal("10"), "Announced."),
            (dt.date(2025, 4, 5), Status.IN_FORCE, None, "Collected from 5 April 2025."),
        ],
        sources=[sources["reciprocal"], *sources["reports"]],
    )

    reciprocal = measure(
        "Reciprocal tariff on goods from Japan",
        usa,
        LegalBasis.IEEPA,
        "Executive Order 14257",
        stacks=False,
        all_economies=False,
        all_products=True,
        included=[],
        excluded=["8703", "8708"],
        description="Country-specific rate of 24% on Japanese goods in place of the 10% "
        "baseline; paused for 90 days one day after it took effect.",
    )
    reciprocal.targets.set([japan])
    history(
        reciprocal,
        [
            (dt.date(2025, 4, 2), Status.ANNOUNCED, Decimal("24"), "Announced."),
            (dt.date(2025, 4, 9), Status.IN_FORCE, None, "Collected from 9 April 2025."),
            (
                dt.date(2025, 4, 10),
                Status.PAUSED,
                None,
                "Paused for 90 days by Executive Order 14266; the 10% baseline applies meanwhile.",
            ),
        ],
        sources=[sources["pause"], *sources["reports"]],
    )


def measure(
    title,
    issuer,
    basis,
    citation,
    *,
    stacks,
    all_economies,
    all_products,
    included,
    excluded,
    description,
):
    item = sync(
        Measure,
        {"issuer": issuer, "title": title},
        legal_basis=basis,
        legal_citation=citation,
        measure_type=Measure.Type.AD_VALOREM,
        applies_to_all_economies=all_economies,
        covers_all_products=all_products,
        stacks=stacks,
        description=description,
    )
    for code in included:
        sync(ScopeLine, {"measure": item, "commodity_id": code}, excluded=False)
    for code in excluded:
        sync(ScopeLine, {"measure": item, "commodity_id": code}, excluded=True)
    return item


def history(item, steps, sources):
    item.sources.set(sources)
    for effective_on, status, rate, note in steps:
        change = sync(
            MeasureChange,
            {"measure": item, "effective_on": effective_on, "status": status},
            ad_valorem_rate=rate,
            note=note,
        )
        change.sources.set(sources)
