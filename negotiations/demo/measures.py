"""The U.S. measures the talks are about, as the case file dates and sources them: their
forms, scopes, the relations between them and their histories (with the day each step was
published, so that the retroactive order of 4 September 2025 reads as it should)."""

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from tariffs.models import (
    Form,
    LegalBasis,
    Measure,
    MeasureChange,
    MeasureRelation,
    ScopeLine,
    Status,
)

from .sync import sync

D = dt.date
REPLACES = MeasureRelation.Kind.REPLACES
EXEMPT = MeasureRelation.Kind.EXEMPT_IF_SUBJECT_TO
RULING = D(2026, 2, 20)


class Step(NamedTuple):
    effective_on: dt.date
    published_on: dt.date | None
    status: str
    form: str = ""
    rate: Decimal | None = None
    heading: str = ""
    note: str = ""
    sources: tuple = ()


def struck_down():
    return Step(
        RULING,
        RULING,
        Status.STRUCK_DOWN,
        note="IEEPA does not authorise tariffs: the duty loses its legal basis.",
        sources=("ruling",),
    )


# key: (title, basis, citation, targets (None: all), scope (None: all products), precedence,
#       sources, description, steps)
# Steel and aluminium: 25 % from 12 March 2025 (Proclamations 10895 and 10896), 50 % from
# 4 June 2025 (Proclamation 10947); each step cites its own proclamation.
METALS_STEPS = [
    Step(
        D(2025, 3, 12), D(2025, 2, 10), Status.IN_FORCE, Form.ADDS, Decimal(25), sources=("metals",)
    ),
    Step(
        D(2025, 6, 4),
        D(2025, 6, 3),
        Status.MODIFIED,
        Form.ADDS,
        Decimal(50),
        sources=("metals_50",),
    ),
]

MEASURES = {
    "autos": (
        "Section 232 duty on imported automobiles",
        LegalBasis.SECTION_232,
        "Proclamation 10908",
        None,
        ["8703"],
        1,
        ("autos",),
        "25 % on top of the base rate on passenger vehicles from every country.",
        [Step(D(2025, 4, 3), D(2025, 3, 26), Status.IN_FORCE, Form.ADDS, Decimal(25))],
    ),
    "parts": (
        "Section 232 duty on imported automobile parts",
        LegalBasis.SECTION_232,
        "Proclamation 10908",
        None,
        ["8708"],
        1,
        ("autos",),
        "25 % on top of the base rate on automobile parts from every country.",
        [Step(D(2025, 5, 3), D(2025, 3, 26), Status.IN_FORCE, Form.ADDS, Decimal(25))],
    ),
    "aluminium": (
        "Section 232 duty on aluminium",
        LegalBasis.SECTION_232,
        "Proclamations 10895 and 10947",
        None,
        ["7601"],
        2,
        ("metals", "metals_50"),
        "25 % on top of the base rate from 12 March 2025, 50 % from 4 June 2025.",
        METALS_STEPS,
    ),
    "steel": (
        "Section 232 duty on steel",
        LegalBasis.SECTION_232,
        "Proclamations 10896 and 10947",
        None,
        ["7208"],
        3,
        ("metals", "metals_50"),
        "25 % on top of the base rate from 12 March 2025, 50 % from 4 June 2025.",
        METALS_STEPS,
    ),
    "baseline": (
        "Universal 10% baseline tariff",
        LegalBasis.IEEPA,
        "Executive Order 14257",
        None,
        None,
        None,
        ("reciprocal",),
        "10 % on top of the base rate on almost every country's goods; goods under the "
        "Section 232 duties on autos, steel and aluminium pay no reciprocal duty.",
        [
            Step(D(2025, 4, 5), D(2025, 4, 2), Status.IN_FORCE, Form.ADDS, Decimal(10)),
            struck_down(),
        ],
    ),
    "reciprocal": (
        "Reciprocal tariff on goods from Japan",
        LegalBasis.IEEPA,
        "Executive Orders 14257, 14266, 14326 and 14345",
        ["JPN"],
        None,
        None,
        ("reciprocal", "pause", "rates_august", "implementing"),
        "Japan's country rate in place of the 10 % baseline: 24 % for one day in April 2025, "
        "15 % on top of the base rate from 7 August, then, by an order of 4 September "
        "retroactive to 7 August, 15 % in total including the base rate.",
        [
            Step(
                D(2025, 4, 9),
                D(2025, 4, 2),
                Status.IN_FORCE,
                Form.ADDS,
                Decimal(24),
                sources=("reciprocal",),
            ),
            Step(
                D(2025, 4, 10),
                D(2025, 4, 9),
                Status.PAUSED,
                note="Paused by Executive Order 14266; the 10 % baseline applies meanwhile.",
                sources=("pause",),
            ),
            Step(
                D(2025, 8, 7),
                D(2025, 7, 31),
                Status.IN_FORCE,
                Form.ADDS,
                Decimal(15),
                "9903.02.30",
                "Collected on top of the base rate as first listed.",
                ("rates_august",),
            ),
            Step(
                D(2025, 8, 7),
                D(2025, 9, 4),
                Status.MODIFIED,
                Form.TOTAL,
                Decimal(15),
                "9903.02.73",
                "15 % in total where the base rate is below 15 % (9903.02.73); the base rate "
                "alone at 15 % or more (9903.02.72). Retroactive to goods entered from "
                "7 August 2025.",
                ("implementing",),
            ),
            struck_down(),
        ],
    ),
    "japan_autos": (
        "Section 232 autos and parts: Japan's 15% all-in rate",
        LegalBasis.SECTION_232,
        "Executive Order 14345",
        ["JPN"],
        ["8703", "8708"],
        1,
        ("implementing",),
        "Japanese cars and parts pay 15 % in total, including the base rate, in place of the "
        "worldwide 25 % Section 232 duty.",
        [
            Step(
                D(2025, 9, 16),
                D(2025, 9, 4),
                Status.IN_FORCE,
                Form.TOTAL,
                Decimal(15),
                "9903.94.40",
            )
        ],
    ),
    "japan_exempt": (
        "No reciprocal duty on Japanese civil aircraft and generic pharmaceuticals",
        LegalBasis.IEEPA,
        "Executive Order 14345",
        ["JPN"],
        ["8802", "3004"],
        None,
        ("implementing",),
        "Civil aircraft and parts, generic pharmaceuticals and natural resources not "
        "available in the United States pay the base rate only. The case file gives no date "
        "of effect of its own: the order's date is used.",
        [Step(D(2025, 9, 4), D(2025, 9, 4), Status.IN_FORCE, Form.BASE_ONLY)],
    ),
}
SECTION_232 = ["autos", "parts", "aluminium", "steel"]
# (measure, kind, other, in effect from)
RELATIONS = [
    *[("baseline", EXEMPT, other, None) for other in SECTION_232],
    *[("reciprocal", EXEMPT, other, None) for other in SECTION_232],
    ("reciprocal", REPLACES, "baseline", None),
    ("japan_autos", REPLACES, "autos", D(2025, 9, 16)),
    ("japan_autos", REPLACES, "parts", D(2025, 9, 16)),
    ("japan_exempt", REPLACES, "reciprocal", None),
    ("japan_exempt", REPLACES, "baseline", None),
]


def load_measures(economies, sources):
    usa = economies["USA"]
    measures = {}
    for key, spec in MEASURES.items():
        title, basis, citation, targets, scope, precedence, cited, description, steps = spec
        item = sync(
            Measure,
            {"issuer": usa, "title": title},
            legal_basis=basis,
            legal_citation=citation,
            applies_to_all_economies=targets is None,
            covers_all_products=scope is None,
            precedence=precedence,
            description=description,
        )
        item.targets.set([economies[code] for code in targets or []])
        item.sources.set([sources[name] for name in cited])
        keep = [
            sync(ScopeLine, {"measure": item, "commodity_id": code}, excluded=False).pk
            for code in scope or []
        ]
        item.scope_lines.exclude(pk__in=keep).delete()
        keep = [history_step(item, step, sources).pk for step in steps]
        item.changes.exclude(pk__in=keep).delete()
        measures[key] = item
    for key, kind, other, since in RELATIONS:
        relation = sync(
            MeasureRelation,
            {"measure": measures[key], "kind": kind, "other": measures[other]},
            effective_from=since,
        )
        relation.sources.set(measures[key].sources.all())
    return measures


def history_step(item, step, sources):
    change = sync(
        MeasureChange,
        {
            "measure": item,
            "effective_on": step.effective_on,
            "status": step.status,
            "published_on": step.published_on,
        },
        form=step.form,
        ad_valorem_rate=step.rate,
        chapter99_heading=step.heading,
        note=step.note,
    )
    change.sources.set([sources[name] for name in step.sources] or item.sources.all())
    return change
