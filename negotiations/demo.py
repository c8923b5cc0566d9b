"""The demo data set: the 2025 Japan–United States tariff talks, as the seed report tells them.

Every write goes through `sync`, which saves only what differs, so a second load changes no row
and adds no history.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from commodities.models import Commodity, Concession, ConcessionStatusChange, TradeFlow
from tariffs.models import LegalBasis, Measure, MeasureChange, ScopeLine, Status

from .models import Delegation, Economy, Encounter, Negotiation, Person, Round, Source, Statement

FIRST_ROUND_DAY = dt.date(2025, 4, 16)
# Illustrative figures carry a fixed timestamp so that a reload leaves them untouched.
ILLUSTRATIVE_FETCHED_AT = dt.datetime(2025, 4, 16, tzinfo=dt.UTC)

# HS codes the talks touch, with the HS 2022 descriptions (parents before children).
COMMODITIES = [
    ("02", "Meat and edible meat offal"),
    ("0201", "Meat of bovine animals; fresh or chilled"),
    ("020130", "Meat; of bovine animals, boneless cuts, fresh or chilled"),
    ("0202", "Meat of bovine animals; frozen"),
    ("020230", "Meat; of bovine animals, boneless cuts, frozen"),
    ("03", "Fish and crustaceans, molluscs and other aquatic invertebrates"),
    ("0303", "Fish; frozen, excluding fish fillets and other fish meat of heading 0304"),
    (
        "030389",
        "Fish; frozen, n.e.c. in heading 0303, excluding fillets, fish meat of 0304, and "
        "edible fish offal of subheadings 0303.91 to 0303.99",
    ),
    ("07", "Vegetables and certain roots and tubers; edible"),
    ("0701", "Potatoes; fresh or chilled"),
    ("070190", "Vegetables; potatoes (other than seed), fresh or chilled"),
    ("10", "Cereals"),
    ("1006", "Rice"),
    ("100630", "Cereals; rice, semi-milled or wholly milled, whether or not polished or glazed"),
    (
        "12",
        "Oil seeds and oleaginous fruits; miscellaneous grains, seeds and fruit, industrial "
        "or medicinal plants; straw and fodder",
    ),
    ("1201", "Soya beans, whether or not broken"),
    ("120190", "Soya beans; other than seed, whether or not broken"),
    (
        "87",
        "Vehicles; other than railway or tramway rolling stock, and parts and accessories thereof",
    ),
    (
        "8703",
        "Motor cars and other motor vehicles; principally designed for the transport of "
        "persons (other than those of heading no. 8702), including station wagons and racing cars",
    ),
    (
        "870323",
        "Vehicles; with only spark-ignition internal combustion reciprocating piston "
        "engine, cylinder capacity over 1500 but not over 3000cc",
    ),
    (
        "870324",
        "Vehicles; with only spark-ignition internal combustion reciprocating piston "
        "engine, cylinder capacity over 3000cc",
    ),
    ("8708", "Motor vehicles; parts and accessories, of heading no. 8701 to 8705"),
    ("870840", "Vehicle parts; gear boxes and parts thereof"),
    ("870899", "Vehicle parts and accessories; n.e.c. in heading no. 8708"),
]
SECTIONS = {"02": "I", "03": "I", "07": "II", "10": "II", "12": "II", "87": "XVII"}

# (reporter, partner, HS code, year, flow, USD millions): round, illustrative magnitudes only.
ILLUSTRATIVE_FLOWS = [
    ("USA", "JPN", "870323", 2023, "M", 24_000),
    ("USA", "JPN", "870323", 2024, "M", 25_500),
    ("USA", "JPN", "870324", 2023, "M", 11_000),
    ("USA", "JPN", "870324", 2024, "M", 12_000),
    ("USA", "JPN", "870840", 2024, "M", 3_100),
    ("USA", "JPN", "870899", 2024, "M", 4_200),
    ("JPN", "USA", "100630", 2023, "M", 260),
    ("JPN", "USA", "100630", 2024, "M", 300),
    ("JPN", "USA", "120190", 2023, "M", 1_100),
    ("JPN", "USA", "120190", 2024, "M", 1_000),
    ("JPN", "USA", "020130", 2024, "M", 1_200),
    ("JPN", "USA", "020230", 2024, "M", 900),
    ("JPN", "USA", "030389", 2024, "M", 150),
    ("JPN", "USA", "070190", 2024, "M", 20),
]


def sync(model, lookup, **values):
    """Create the row, or bring it to `values`; save only when something differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj


@transaction.atomic
def load_demo():
    economies = load_economies()
    sources = load_sources()
    load_commodities()
    negotiation = sync(
        Negotiation,
        {"slug": "japan-united-states-2025"},
        title="Japan–United States tariff negotiations (2025)",
        status=Negotiation.Status.ACTIVE,
        started_on=FIRST_ROUND_DAY,
        ended_on=None,
        summary="Talks on the tariffs the United States announced in spring 2025, with Japan "
        "seeking relief from the 25% duty on automobiles and the reciprocal tariffs.",
    )
    negotiation.parties.set(economies.values())
    negotiation.sources.set(sources["reports"])
    people = load_people(economies)
    load_rounds(negotiation, economies, people, sources)
    load_measures(economies, sources)
    load_concessions(negotiation, economies, sources)
    load_trade_flows(economies)
    return negotiation


def load_economies():
    return {
        "JPN": sync(
            Economy,
            {"iso3": "JPN"},
            name="Japan",
            comtrade_code=392,
            census_code="5880",
            kind=Economy.Kind.COUNTRY,
        ),
        "USA": sync(
            Economy,
            {"iso3": "USA"},
            name="United States",
            comtrade_code=842,
            census_code=None,
            kind=Economy.Kind.COUNTRY,
        ),
    }


PRESS, OFFICIAL = Source.Kind.PRESS_REPORT, Source.Kind.OFFICIAL_DOCUMENT
# (key, publisher, title, published on, kind)
SOURCES = [
    (
        "article",
        "ITC News",
        "Japan weighs more soybean and rice imports in tariff talks with the United States",
        None,
        PRESS,
    ),
    (
        "yomiuri",
        "The Yomiuri Shimbun",
        "Japan considers increasing imports of U.S. soybeans and rice (as cited by ITC News)",
        None,
        PRESS,
    ),
    (
        "autos",
        "Federal Register",
        "Proclamation 10908: Adjusting Imports of Automobiles and Automobile Parts Into the "
        "United States",
        dt.date(2025, 3, 31),
        OFFICIAL,
    ),
    (
        "reciprocal",
        "Federal Register",
        "Executive Order 14257: Regulating Imports With a Reciprocal Tariff",
        dt.date(2025, 4, 7),
        OFFICIAL,
    ),
    (
        "pause",
        "Federal Register",
        "Executive Order 14266: Modifying Reciprocal Tariff Rates To Reflect Trading Partner "
        "Retaliation and Alignment",
        dt.date(2025, 4, 15),
        OFFICIAL,
    ),
]


def load_sources():
    """The sources by key; "reports" are the two press reports every seed fact cites."""
    sources = {
        key: sync(
            Source,
            {"publisher": publisher, "title": title},
            url="",
            published_on=published_on,
            kind=kind,
        )
        for key, publisher, title, published_on, kind in SOURCES
    }
    sources["reports"] = [sources.pop("article"), sources.pop("yomiuri")]
    return sources


def load_commodities():
    for code, description in COMMODITIES:
        sync(
            Commodity,
            {"code": code},
            description=description,
            parent_id=code[:-2] or None,
            section=SECTIONS[code[:2]],
        )


PEOPLE = [
    ("akazawa", "Ryosei Akazawa", "Minister for Economic Revitalization", "JPN"),
    ("kato", "Katsunobu Kato", "Minister of Finance", "JPN"),
    ("trump", "Donald Trump", "President of the United States", "USA"),
    ("bessent", "Scott Bessent", "Secretary of the Treasury", "USA"),
]


def load_people(economies):
    return {
        key: sync(
            Person,
            {"slug": slugify(name)},
            name=name,
            office=office,
            economy=economies[iso3],
        )
        for key, name, office, iso3 in PEOPLE
    }


def load_rounds(negotiation, economies, people, sources):
    japan, usa = economies["JPN"], economies["USA"]
    first = sync(
        Round,
        {"negotiation": negotiation, "sequence": 1},
        title="First round of high-level talks",
        status=Round.Status.HELD,
        start_date=FIRST_ROUND_DAY,
        end_date=FIRST_ROUND_DAY,
        city="Washington",
        country=usa,
        format=Round.Format.IN_PERSON,
        summary="Both sides addressed key trade sectors. U.S. negotiators pointed to automobiles, "
        "meat, fish products and potatoes as priorities for improved market access.",
        outcome="Japan is reported to be considering more imports of soybeans and rice and "
        "adjustments to its agricultural import policies. President Trump spoke of “big "
        "progress”. No agreement was announced.",
        next_steps="Finance Minister Katsunobu Kato to continue the conversation with Treasury "
        "Secretary Scott Bessent at the global finance meetings in Washington.",
    )
    first.sources.set(sources["reports"])
    delegation(first, japan, head=people["akazawa"], members=[people["akazawa"]])
    delegation(first, usa, head=None, members=[people["trump"]])
    meeting = sync(
        Encounter,
        {
            "round": first,
            "description": "Akazawa met U.S. leadership directly; President Trump "
            "welcomed the meeting.",
        },
        date=FIRST_ROUND_DAY,
    )
    meeting.participants.set([people["akazawa"], people["trump"]])
    meeting.sources.set(sources["reports"])
    remark = sync(
        Statement,
        {"round": first, "speaker": people["trump"], "quote": "big progress"},
        said_on=FIRST_ROUND_DAY,
        context="On the meeting with Japan's delegation led by Ryosei Akazawa.",
    )
    remark.sources.set(sources["reports"])

    finance = sync(
        Round,
        {"negotiation": negotiation, "sequence": 2},
        title="Finance ministers at the global finance meetings",
        status=Round.Status.EXPECTED,
        start_date=dt.date(2025, 4, 21),
        end_date=dt.date(2025, 4, 26),
        city="Washington",
        country=usa,
        format=Round.Format.IN_PERSON,
        summary="Expected: Finance Minister Katsunobu Kato to continue the conversation with "
        "Treasury Secretary Scott Bessent, building on the first round.",
        outcome="",
        next_steps="",
    )
    finance.sources.set(sources["reports"])
    delegation(finance, japan, head=people["kato"], members=[people["kato"]])
    delegation(finance, usa, head=people["bessent"], members=[people["bessent"]])
    talk = sync(
        Encounter,
        {"round": finance, "description": "Expected meeting of Kato and Bessent."},
        date=None,
    )
    talk.participants.set([people["kato"], people["bessent"]])
    talk.sources.set(sources["reports"])


def delegation(round_, economy, head, members):
    team = sync(Delegation, {"round": round_, "economy": economy}, head=head)
    team.members.set(members)
    return team


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


MARKET_ACCESS_NOTE = "Named by U.S. negotiators as a priority for improved market access."
CONSIDERED_NOTE = "Japan is considering it, according to a Yomiuri report; not an offer."
# What Japan is asked for or considers giving the United States: (HS code, title, kind, status)
CONCESSIONS = [
    ("8703", "Market access for U.S. automobiles", "market_access", "requested"),
    ("02", "Market access for U.S. meat", "market_access", "requested"),
    ("03", "Market access for U.S. fish products", "market_access", "requested"),
    ("0701", "Market access for U.S. potatoes", "market_access", "requested"),
    ("1201", "More imports of U.S. soybeans", "purchase", "under_consideration"),
    ("1006", "More imports of U.S. rice", "purchase", "under_consideration"),
]


def load_concessions(negotiation, economies, sources):
    first = negotiation.rounds.get(sequence=1)
    for code, title, kind, status in CONCESSIONS:
        concession(
            negotiation,
            first,
            giver=economies["JPN"],
            receiver=economies["USA"],
            code=code,
            title=title,
            kind=kind,
            status=status,
            note=MARKET_ACCESS_NOTE if status == "requested" else CONSIDERED_NOTE,
            sources=sources["reports"],
        )


def concession(negotiation, round_, *, giver, receiver, code, title, kind, status, note, sources):
    item = sync(
        Concession,
        {"negotiation": negotiation, "title": title},
        round=round_,
        giver=giver,
        receiver=receiver,
        commodity_id=code,
        kind=kind,
        description=note,
    )
    item.sources.set(sources)
    change = sync(
        ConcessionStatusChange,
        {"concession": item, "changed_on": round_.start_date, "status": status},
        round=round_,
        note=note,
    )
    change.sources.set(sources)
    return item


def load_trade_flows(economies):
    for reporter, partner, code, year, flow, millions in ILLUSTRATIVE_FLOWS:
        sync(
            TradeFlow,
            {
                "source": TradeFlow.Source.ILLUSTRATIVE,
                "reporter": economies[reporter],
                "partner": economies[partner],
                "commodity_id": code,
                "year": year,
                "month": TradeFlow.ANNUAL,
                "flow": flow,
            },
            value_usd=Decimal(millions) * 1_000_000,
            quantity=None,
            quantity_unit="",
            fetched_at=ILLUSTRATIVE_FETCHED_AT,
        )
