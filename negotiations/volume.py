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

import datetime as dt
import itertools
import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Q

from commodities.importers import import_hs_rows, open_source
from commodities.ingest import TradeFlowRow, upsert_trade_flows
from commodities.models import Commodity, Concession, ConcessionStatusChange, TradeFlow
from tariffs.models import LegalBasis, Measure, MeasureChange, ScopeLine, Status

from .models import (
    DataVersion,
    Delegation,
    Economy,
    Encounter,
    Negotiation,
    Person,
    Round,
    Source,
    Statement,
)

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
PEOPLE_PER_ECONOMY = 4
ECONOMIES_PER_UNION = 40

# ISO 3166 leaves QM-QZ to users: no real economy has these codes.
ISO3_FIRST, ISO3_SECOND = "Q", "MNOPQRSTUVWXYZ"
SEEDED_ISO3 = r"^Q[M-Z][A-Z]$"
MAX_ECONOMIES = len(ISO3_SECOND) * 26
SLUG_PREFIX = "vol-"
SOURCE_URL = "https://volume.invalid/sources/"
COMTRADE_CODE_BASE = 1000  # real UN Comtrade codes stay below 900
CENSUS_CODE_BASE = 9000

# The data's own "today": rounds after it are expected, and nothing depends on the clock.
REFERENCE_DATE = dt.date(2025, 9, 1)
FIRST_DAY = dt.date(2016, 1, 1)
YEARS = tuple(range(2015, 2025))
FETCHED_AT = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
# Trade is reported by the larger economies, with the larger ones as partners.
FLOW_REPORTERS = 20
FLOW_PARTNERS = 40
BATCH_SIZE = 5_000

SYLLABLES = ["ka", "lo", "mer", "sa", "tin", "vo", "ra", "del", "zu", "an", "or", "is"]
ENDINGS = ["ia", "land", "stan", "ova", "ica", "ar", "en", "ur"]
FIRST_NAMES = [
    "Ana", "Ben", "Chen", "Dara", "Emil", "Farah", "Goran", "Hana", "Ivo", "Jun", "Kofi",
    "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Yuki",
]  # fmt: skip
LAST_NAMES = [
    "Abe", "Banda", "Costa", "Dube", "Ekstrom", "Fischer", "Garcia", "Haddad", "Ito", "Jensen",
    "Kim", "Lopez", "Moreau", "Novak", "Okafor", "Petrov", "Rossi", "Sato", "Tan", "Weber",
]  # fmt: skip
OFFICES = ["Minister of Trade", "Chief Negotiator", "Deputy Negotiator", "Trade Attaché"]
CITIES = [
    "Geneva", "Washington", "Tokyo", "Brussels", "Beijing", "London", "Ottawa", "New Delhi",
    "Seoul", "Mexico City", "Jakarta", "Singapore", "Nairobi", "Canberra", "Brasília",
]  # fmt: skip
PUBLISHERS = {
    Source.Kind.OFFICIAL_DOCUMENT: ["Federal Register", "Official Journal", "Trade Gazette"],
    Source.Kind.PRESS_REPORT: ["Reuters", "Nikkei Asia", "Financial Times", "Bloomberg"],
    Source.Kind.STATEMENT: ["Ministry of Trade", "Office of the Trade Representative"],
}
QUOTES = [
    "We made real progress on market access.",
    "Both sides agreed to keep talking.",
    "Gaps remain on agriculture.",
    "We will not accept a deal at any price.",
    "The next round should settle the tariff schedule.",
]
LEGAL_BASIS_WEIGHTS = {
    LegalBasis.SECTION_232: 20,
    LegalBasis.SECTION_301: 15,
    LegalBasis.SECTION_201: 5,
    LegalBasis.IEEPA: 15,
    LegalBasis.ANTIDUMPING: 30,
    LegalBasis.MFN: 5,
    LegalBasis.OTHER: 10,
}
MEASURE_TYPE_WEIGHTS = {
    Measure.Type.AD_VALOREM: 85,
    Measure.Type.TARIFF_RATE_QUOTA: 10,
    Measure.Type.SPECIFIC: 5,
}
KIND_WEIGHTS = {
    Concession.Kind.TARIFF_CUT: 35,
    Concession.Kind.PURCHASE: 20,
    Concession.Kind.QUOTA_EXPANSION: 15,
    Concession.Kind.MARKET_ACCESS: 20,
    Concession.Kind.NON_TARIFF: 10,
}
# A concession moves along this path; some are withdrawn on the way.
CONCESSION_PATH = [
    Concession.Status.REQUESTED,
    Concession.Status.UNDER_CONSIDERATION,
    Concession.Status.OFFERED,
    Concession.Status.AGREED,
    Concession.Status.IMPLEMENTED,
]


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


class AlreadySeeded(Exception):
    """The database already holds a seeded data set."""


def seeded_economies():
    return Economy.objects.filter(iso3__regex=SEEDED_ISO3)


def is_seeded() -> bool:
    return seeded_economies().exists()


def seed_volume(
    plan: VolumePlan,
    hs_source: str,
    *,
    seed: int = 2025,
    log: Callable[[str], None] = lambda message: None,
) -> SeedReport:
    """Load the HS nomenclature from `hs_source`, then write the data set of `plan`.

    Refuses (AlreadySeeded) if a seeded data set is there already: `delete_seeded()` first.
    """
    if is_seeded():
        raise AlreadySeeded(
            f"the database already holds a seeded data set ({seeded_economies().count()} "
            "seeded economies)"
        )
    return _Seeder(plan, seed, log).run(hs_source)


def delete_seeded() -> dict:
    """Delete every row `seed_volume` wrote (not the HS nomenclature); counts by table.

    Raw deletes, in dependency order: the ORM's cascade would load each of millions of rows
    and write an audit-history row for each.
    """
    economies = seeded_economies()
    negotiations = Negotiation.objects.filter(slug__startswith=SLUG_PREFIX)
    measures = Measure.objects.filter(issuer__in=economies)
    concessions = Concession.objects.filter(negotiation__in=negotiations)
    rounds = Round.objects.filter(negotiation__in=negotiations)
    changes = MeasureChange.objects.filter(measure__in=measures)
    steps = ConcessionStatusChange.objects.filter(concession__in=concessions)
    encounters = Encounter.objects.filter(round__in=rounds)
    statements = Statement.objects.filter(round__in=rounds)
    delegations = Delegation.objects.filter(round__in=rounds)
    deletions = [
        TradeFlow.objects.filter(Q(reporter__in=economies) | Q(partner__in=economies)),
        ConcessionStatusChange.sources.through.objects.filter(concessionstatuschange__in=steps),
        steps,
        Concession.sources.through.objects.filter(concession__in=concessions),
        concessions,
        MeasureChange.sources.through.objects.filter(measurechange__in=changes),
        changes,
        ScopeLine.objects.filter(measure__in=measures),
        Measure.targets.through.objects.filter(measure__in=measures),
        Measure.sources.through.objects.filter(measure__in=measures),
        measures,
        Statement.sources.through.objects.filter(statement__in=statements),
        statements,
        Encounter.participants.through.objects.filter(encounter__in=encounters),
        Encounter.sources.through.objects.filter(encounter__in=encounters),
        encounters,
        Delegation.members.through.objects.filter(delegation__in=delegations),
        delegations,
        Round.sources.through.objects.filter(round__in=rounds),
        rounds,
        Negotiation.parties.through.objects.filter(negotiation__in=negotiations),
        Negotiation.sources.through.objects.filter(negotiation__in=negotiations),
        negotiations,
        Person.objects.filter(slug__startswith=SLUG_PREFIX),
        Source.objects.filter(url__startswith=SOURCE_URL),
        Economy.members.through.objects.filter(
            Q(from_economy__in=economies) | Q(to_economy__in=economies)
        ),
        economies,
    ]
    deleted = {}
    with transaction.atomic():
        for queryset in deletions:
            # Evaluated now, while the rows its subqueries select still exist.
            label = queryset.model._meta.db_table
            deleted[label] = deleted.get(label, 0) + queryset._raw_delete(queryset.db)
        DataVersion.bump()
    return deleted


# --- The seeder -------------------------------------------------------------------------------


def economy_code(index: int) -> str:
    return ISO3_FIRST + ISO3_SECOND[index // 26] + chr(65 + index % 26)


def economy_name(index: int) -> str:
    size = len(SYLLABLES)
    stem = SYLLABLES[index // size**2 % size] + SYLLABLES[index // size % size]
    return (stem + SYLLABLES[index % size] + ENDINGS[index % len(ENDINGS)]).capitalize()


def zipf_weights(count: int, exponent: float = 1.0) -> list[float]:
    """Rank r weighs 1/(r+1)^exponent: a few large economies, a long tail of small ones."""
    return [1 / (rank + 1) ** exponent for rank in range(count)]


def days_after(start: dt.date, rng: random.Random, low: int, high: int) -> dt.date:
    return start + dt.timedelta(days=rng.randint(low, high))


def random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Seeder:
    def __init__(self, plan: VolumePlan, seed: int, log):
        self.plan = plan
        self.seed = seed
        self.log = log
        self.report = SeedReport()

    def rng(self, stage: str) -> random.Random:
        """Each stage its own stream: a stage's count never shifts another stage's rows."""
        return random.Random(f"{self.seed}:{stage}")

    def run(self, hs_source: str) -> SeedReport:
        self.stage("hs", lambda: self.load_hs(hs_source))
        with transaction.atomic():
            self.stage("economies", self.economies)
            self.stage("people", self.people)
            self.stage("sources", self.sources)
            self.stage("negotiations", self.negotiations)
            self.stage("measures", self.measures)
            self.stage("concessions", self.concessions)
        self.stage("trade_flows", self.trade_flows)
        DataVersion.bump()
        if connection.vendor == "postgresql":
            # The planner's statistics, as autovacuum would leave them after such a load.
            self.stage("analyze", self.analyze)
        return self.report

    def stage(self, name: str, action) -> None:
        start = time.perf_counter()
        action()
        self.report.seconds[name] = time.perf_counter() - start
        counts = {key: value for key, value in self.report.counts.items() if key.startswith(name)}
        self.log(f"{name}: {self.report.seconds[name]:.1f} s {counts or ''}".rstrip())

    def count(self, name: str, value: int) -> None:
        self.report.counts[name] = self.report.counts.get(name, 0) + value

    # HS nomenclature -----------------------------------------------------------------------

    def load_hs(self, hs_source: str) -> None:
        with open_source(hs_source) as lines:
            result = import_hs_rows(lines)
        self.count("hs_created", result.created)
        codes = Commodity.objects.order_by("code").values_list("code", "level", "description")
        self.descriptions = {code: description for code, _, description in codes}
        self.codes_by_level = {level: [] for level in (2, 4, 6)}
        for code, level, _ in codes:
            if level in self.codes_by_level:
                self.codes_by_level[level].append(code)
        if not all(self.codes_by_level.values()):
            raise ValueError("the HS table needs chapters, headings and subheadings")
        self.children = {}
        for code in self.codes_by_level[6]:
            self.children.setdefault(code[:4], []).append(code)
            self.children.setdefault(code[:2], []).append(code)

    # Economies, people, sources ------------------------------------------------------------

    def economies(self) -> None:
        rng = self.rng("economies")
        unions = max(1, self.plan.economies // ECONOMIES_PER_UNION)
        countries = self.plan.economies - unions
        rows = [
            Economy(
                name=economy_name(index),
                iso3=economy_code(index),
                comtrade_code=COMTRADE_CODE_BASE + index,
                census_code=str(CENSUS_CODE_BASE + index),
                kind=Economy.Kind.COUNTRY if index < countries else Economy.Kind.CUSTOMS_UNION,
            )
            for index in range(self.plan.economies)
        ]
        for union in rows[countries:]:
            union.name = f"{union.name} Customs Union"
        Economy.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.all_economies = list(seeded_economies().order_by("iso3"))
        self.countries = self.all_economies[:countries]
        self.unions = self.all_economies[countries:]
        Member = Economy.members.through
        members = []
        for union in self.unions:
            size = rng.randint(min(3, countries), min(27, countries))
            for member in rng.sample(self.countries, size):
                members.append(Member(from_economy_id=union.pk, to_economy_id=member.pk))
        Member.objects.bulk_create(members, batch_size=BATCH_SIZE)
        self.country_weights = list(itertools.accumulate(zipf_weights(len(self.countries))))
        self.count("economies", len(rows))
        self.count("economies_union_members", len(members))

    def pick_countries(self, rng, k=1, exclude=()):
        """`k` distinct countries, the large ones more often."""
        chosen = []
        while len(chosen) < k:
            country = rng.choices(self.countries, cum_weights=self.country_weights)[0]
            if country not in chosen and country not in exclude:
                chosen.append(country)
        return chosen

    def people(self) -> None:
        rng = self.rng("people")
        rows = []
        for economy in self.all_economies:
            for index in range(PEOPLE_PER_ECONOMY):
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                rows.append(
                    Person(
                        name=name,
                        slug=f"{SLUG_PREFIX}{economy.iso3.lower()}-{index + 1}",
                        office=OFFICES[index % len(OFFICES)],
                        economy=economy,
                    )
                )
        Person.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.people_of = {}
        for person in Person.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug"):
            self.people_of.setdefault(person.economy_id, []).append(person)
        self.count("people", len(rows))

    def sources(self) -> None:
        rng = self.rng("sources")
        kinds = {Source.Kind.OFFICIAL_DOCUMENT: 50, Source.Kind.PRESS_REPORT: 35}
        kinds[Source.Kind.STATEMENT] = 15
        rows = []
        for index in range(self.plan.sources):
            kind = weighted(rng, kinds)
            publisher = rng.choice(PUBLISHERS[kind])
            rows.append(
                Source(
                    publisher=publisher,
                    title=f"{publisher} on trade, item {index + 1}",
                    url=f"{SOURCE_URL}{index + 1}",
                    published_on=random_day(rng, FIRST_DAY, REFERENCE_DATE),
                    kind=kind,
                )
            )
        Source.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.source_ids = list(
            Source.objects.filter(url__startswith=SOURCE_URL)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        self.count("sources", len(rows))

    def cite(self, rng, through, owner_field, owners, share=1.0):
        """Give each owner one source (a `share` of them), as rows of the M2M table."""
        rows = [
            through(**{owner_field: owner.pk, "source_id": rng.choice(self.source_ids)})
            for owner in owners
            if share >= 1 or rng.random() < share
        ]
        through.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        return len(rows)

    # Negotiations and their rounds ---------------------------------------------------------

    def negotiations(self) -> None:
        rng = self.rng("negotiations")
        negotiations, parties_of = [], []
        for index in range(self.plan.negotiations):
            size = 2
            if rng.random() < 0.2 and len(self.countries) >= 3:
                size = rng.randint(3, min(5, len(self.countries)))
            parties = self.pick_countries(rng, size)
            if self.unions and rng.random() < 0.15:
                parties[-1] = rng.choice(self.unions)
            started = random_day(rng, FIRST_DAY, REFERENCE_DATE - dt.timedelta(days=200))
            title = "–".join(party.name for party in parties)
            codes = [party.iso3 for party in parties]
            negotiations.append(
                Negotiation(
                    title=f"{title} trade talks, {started.year}",
                    slug=f"{SLUG_PREFIX}{index + 1:03d}-{'-'.join(codes)}".lower(),
                    status=weighted(rng, {"active": 60, "concluded": 30, "suspended": 10}),
                    started_on=started,
                    summary=f"Talks on tariffs and market access between {title}.",
                )
            )
            parties_of.append(parties)
        Negotiation.objects.bulk_create(negotiations, batch_size=BATCH_SIZE)
        self.negotiation_list = list(
            Negotiation.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug")
        )
        self.parties = {
            n.pk: parties for n, parties in zip(self.negotiation_list, parties_of, strict=True)
        }
        Party = Negotiation.parties.through
        Party.objects.bulk_create(
            [
                Party(negotiation_id=negotiation_id, economy_id=party.pk)
                for negotiation_id, parties in self.parties.items()
                for party in parties
            ],
            batch_size=BATCH_SIZE,
        )
        cited = self.cite(rng, Negotiation.sources.through, "negotiation_id", self.negotiation_list)
        self.count("negotiations", len(negotiations))
        self.count("negotiations_sources", cited)
        self.rounds(rng)

    def rounds(self, rng) -> None:
        rounds = []
        for negotiation in self.negotiation_list:
            parties = self.parties[negotiation.pk]
            day = negotiation.started_on
            for sequence in range(1, self.plan.rounds_per_negotiation + 1):
                end = days_after(day, rng, 0, 3)
                status = Round.Status.HELD if day <= REFERENCE_DATE else Round.Status.EXPECTED
                if rng.random() < 0.03:
                    status = Round.Status.CANCELLED
                rounds.append(
                    Round(
                        negotiation=negotiation,
                        sequence=sequence,
                        title=f"Round {sequence}",
                        status=status,
                        start_date=day,
                        end_date=end,
                        city=rng.choice(CITIES),
                        country=rng.choice(parties),
                        format=weighted(rng, {"in_person": 70, "virtual": 20, "hybrid": 10}),
                        summary=f"Round {sequence} of the talks.",
                        outcome="Talks continue." if status == Round.Status.HELD else "",
                    )
                )
                day = days_after(end, rng, 14, 75)
        Round.objects.bulk_create(rounds, batch_size=BATCH_SIZE)
        self.rounds_of = {}
        ordered = Round.objects.filter(negotiation__slug__startswith=SLUG_PREFIX).order_by(
            "negotiation__slug", "sequence"
        )
        for round_ in ordered:
            self.rounds_of.setdefault(round_.negotiation_id, []).append(round_)
        ended = []
        for negotiation in self.negotiation_list:
            if negotiation.status == Negotiation.Status.CONCLUDED:
                negotiation.ended_on = max(r.end_date for r in self.rounds_of[negotiation.pk])
                ended.append(negotiation)
        Negotiation.objects.bulk_update(ended, ["ended_on"], batch_size=BATCH_SIZE)
        all_rounds = [r for rounds_ in self.rounds_of.values() for r in rounds_]
        self.count("rounds", len(all_rounds))
        self.count("rounds_sources", self.cite(rng, Round.sources.through, "round_id", all_rounds))
        self.delegations(rng, all_rounds)

    def delegations(self, rng, rounds) -> None:
        delegations, heads = [], {}
        for round_ in rounds:
            for party in self.parties[round_.negotiation_id]:
                people = self.people_of[party.pk]
                head = people[0] if rng.random() < 0.7 else rng.choice(people)
                heads.setdefault(round_.pk, []).append(head)
                delegations.append(Delegation(round=round_, economy=party, head=head))
        Delegation.objects.bulk_create(delegations, batch_size=BATCH_SIZE)
        Member = Delegation.members.through
        members = [
            Member(delegation_id=delegation.pk, person_id=person.pk)
            for delegation in Delegation.objects.filter(round__in=rounds).order_by("pk")
            for person in rng.sample(self.people_of[delegation.economy_id], 2)
        ]
        Member.objects.bulk_create(members, batch_size=BATCH_SIZE)
        held = [round_ for round_ in rounds if round_.status == Round.Status.HELD]
        Encounter.objects.bulk_create(
            [
                Encounter(round=r, date=r.start_date, description="The heads of delegation met.")
                for r in held
            ],
            batch_size=BATCH_SIZE,
        )
        encounters = list(Encounter.objects.filter(round__in=held).order_by("pk"))
        Participant = Encounter.participants.through
        Participant.objects.bulk_create(
            [
                Participant(encounter_id=encounter.pk, person_id=head.pk)
                for encounter in encounters
                for head in heads[encounter.round_id][:2]
            ],
            batch_size=BATCH_SIZE,
        )
        Statement.objects.bulk_create(
            [
                Statement(
                    round=r,
                    speaker=rng.choice(heads[r.pk]),
                    said_on=r.end_date,
                    quote=rng.choice(QUOTES),
                    context="At the closing press conference.",
                )
                for r in held
            ],
            batch_size=BATCH_SIZE,
        )
        statements = list(Statement.objects.filter(round__in=held).order_by("pk"))
        self.count("delegations", len(delegations))
        self.count("delegations_members", len(members))
        self.count("encounters", len(encounters))
        self.count("statements", len(statements))
        self.cite(rng, Encounter.sources.through, "encounter_id", encounters)
        self.cite(rng, Statement.sources.through, "statement_id", statements)

    # Measures ------------------------------------------------------------------------------

    def measures(self) -> None:
        rng = self.rng("measures")
        measures, details = [], []
        for index in range(self.plan.measures):
            issuer = self.pick_countries(rng)[0]
            universal = rng.random() < 0.08
            all_products = universal and rng.random() < 0.1
            targets = []
            if not universal:
                targets = self.pick_countries(rng, rng.randint(1, 3), exclude=[issuer])
                if self.unions and rng.random() < 0.1:
                    targets.append(rng.choice(self.unions))
            lines, excluded = self.scope(rng, all_products)
            basis = weighted(rng, LEGAL_BASIS_WEIGHTS)
            measure_type = weighted(rng, MEASURE_TYPE_WEIGHTS)
            product = (
                "all products"
                if all_products
                else self.descriptions[lines[0]].split(";")[0][:80].rstrip(", ")
            )
            whom = "all economies" if universal else ", ".join(t.iso3 for t in targets)
            measures.append(
                Measure(
                    title=f"{LegalBasis(basis).label.split(' (')[0]} duty on {product} from "
                    f"{whom} ({issuer.iso3} {index + 1})",
                    issuer=issuer,
                    applies_to_all_economies=universal,
                    legal_basis=basis,
                    legal_citation=f"Notice {rng.randint(1000, 99999)}",
                    measure_type=measure_type,
                    covers_all_products=all_products,
                    specific_unit="USD/kg" if measure_type == Measure.Type.SPECIFIC else "",
                    quota_unit="tonnes" if measure_type == Measure.Type.TARIFF_RATE_QUOTA else "",
                    stacks=rng.random() < 0.8,
                )
            )
            details.append((targets, lines, excluded))
        Measure.objects.bulk_create(measures, batch_size=BATCH_SIZE)
        Target = Measure.targets.through
        targets, lines, changes = [], [], []
        for measure, (aimed, included, excluded) in zip(measures, details, strict=True):
            targets += [Target(measure_id=measure.pk, economy_id=e.pk) for e in aimed]
            lines += [ScopeLine(measure=measure, commodity_id=code) for code in included]
            lines += [
                ScopeLine(measure=measure, commodity_id=code, excluded=True) for code in excluded
            ]
            changes += self.history(rng, measure)
        Target.objects.bulk_create(targets, batch_size=BATCH_SIZE)
        ScopeLine.objects.bulk_create(lines, batch_size=BATCH_SIZE)
        MeasureChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)
        self.count("measures", len(measures))
        self.count("measures_targets", len(targets))
        self.count("measures_scope_lines", len(lines))
        self.count("measures_changes", len(changes))
        self.cite(rng, Measure.sources.through, "measure_id", measures)
        self.cite(rng, MeasureChange.sources.through, "measurechange_id", changes, share=0.6)

    def scope(self, rng, all_products):
        """Included and excluded HS codes: chapters, headings and subheadings."""
        included, excluded = [], []
        if all_products:
            for _ in range(rng.randint(2, 6)):
                code = rng.choice(self.codes_by_level[rng.choice((2, 4))])
                if code not in excluded:
                    excluded.append(code)
            return included, excluded
        count = rng.choices(range(1, 13), weights=[30, 20, 14, 10, 7, 5, 4, 3, 3, 2, 1, 1])[0]
        for _ in range(count):
            level = rng.choices((2, 4, 6), weights=(15, 35, 50))[0]
            code = rng.choice(self.codes_by_level[level])
            if any(code.startswith(line) or line.startswith(code) for line in included):
                continue
            included.append(code)
            below = self.children.get(code, [])
            if level < 6 and below and rng.random() < 0.25:
                for child in rng.sample(below, min(len(below), rng.randint(1, 2))):
                    excluded.append(child)
        return included, excluded

    def history(self, rng, measure):
        """Announced, then in force, then perhaps modified, paused, resumed or revoked."""
        day = random_day(rng, dt.date(2018, 1, 1), dt.date(2025, 10, 1))
        changes = [MeasureChange(measure=measure, effective_on=day, status=Status.ANNOUNCED)]
        self.set_rate(rng, measure, changes[0])
        if rng.random() < 0.85:
            day = days_after(day, rng, 14, 120)
            changes.append(MeasureChange(measure=measure, effective_on=day, status=Status.IN_FORCE))
            for _ in range(rng.choices((0, 1, 2, 3), weights=(45, 30, 15, 10))[0]):
                day = days_after(day, rng, 30, 400)
                if changes[-1].status == Status.PAUSED:
                    status = Status.IN_FORCE
                else:
                    status = weighted(rng, {"modified": 50, "paused": 25, "revoked": 25})
                change = MeasureChange(measure=measure, effective_on=day, status=status)
                if status == Status.MODIFIED:
                    self.set_rate(rng, measure, change)
                changes.append(change)
                if status == Status.REVOKED:
                    break
        return changes

    def set_rate(self, rng, measure, change) -> None:
        if measure.measure_type == Measure.Type.SPECIFIC:
            change.specific_rate = Decimal(rng.randint(5, 500)) / 100
        elif measure.measure_type == Measure.Type.TARIFF_RATE_QUOTA:
            change.in_quota_rate = Decimal(rng.randint(0, 10))
            change.out_of_quota_rate = Decimal(rng.randint(20, 350))
            change.quota_volume = Decimal(rng.randint(1, 500) * 1000)
        else:
            change.ad_valorem_rate = Decimal(rng.randint(2, 40)) * Decimal("2.5")

    # Concessions ---------------------------------------------------------------------------

    def concessions(self) -> None:
        rng = self.rng("concessions")
        # Some talks cover far more items than others.
        weights = list(itertools.accumulate(zipf_weights(len(self.negotiation_list), 0.5)))
        concessions, steps_of = [], []
        for index in range(self.plan.concessions):
            negotiation = rng.choices(self.negotiation_list, cum_weights=weights)[0]
            giver, receiver = rng.sample(self.parties[negotiation.pk], 2)
            rounds = self.rounds_of[negotiation.pk]
            round_ = rng.choice(rounds) if rng.random() < 0.8 else None
            kind = weighted(rng, KIND_WEIGHTS)
            code = None
            if kind != Concession.Kind.NON_TARIFF:
                code = rng.choice(self.codes_by_level[rng.choice((4, 6, 6))])
            product = self.descriptions[code].split(";")[0][:80] if code else "regulation"
            amount, unit = None, ""
            if kind == Concession.Kind.PURCHASE:
                amount, unit = Decimal(rng.randint(1, 900) * 1_000_000), "USD"
            elif kind == Concession.Kind.QUOTA_EXPANSION:
                amount, unit = Decimal(rng.randint(1, 200) * 1000), "tonnes"
            elif kind == Concession.Kind.TARIFF_CUT:
                amount, unit = Decimal(rng.randint(1, 25)), "%"
            steps = self.concession_steps(rng, round_ or rounds[0], rounds)
            concessions.append(
                Concession(
                    negotiation=negotiation,
                    round=round_,
                    giver=giver,
                    receiver=receiver,
                    commodity_id=code,
                    kind=kind,
                    title=f"{Concession.Kind(kind).label}: {product} ({index + 1})",
                    amount=amount,
                    amount_unit=unit,
                    status=steps[-1][1],
                )
            )
            steps_of.append(steps)
        Concession.objects.bulk_create(concessions, batch_size=BATCH_SIZE)
        changes = [
            ConcessionStatusChange(
                concession=concession, changed_on=day, status=status, round=round_
            )
            for concession, steps in zip(concessions, steps_of, strict=True)
            for day, status, round_ in steps
        ]
        ConcessionStatusChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)
        self.count("concessions", len(concessions))
        self.count("concessions_status_changes", len(changes))
        self.cite(rng, Concession.sources.through, "concession_id", concessions)
        self.cite(
            rng, ConcessionStatusChange.sources.through, "concessionstatuschange_id", changes, 0.5
        )

    def concession_steps(self, rng, first_round, rounds):
        """(date, status, round) steps along the path, a round or more apart."""
        length = rng.choices((1, 2, 3, 4, 5), weights=(25, 25, 25, 15, 10))[0]
        statuses = CONCESSION_PATH[:length]
        if rng.random() < 0.2:
            statuses = [statuses[0], Concession.Status.UNDER_CONSIDERATION][:length]
        if rng.random() < 0.08:
            statuses = [*statuses, Concession.Status.WITHDRAWN]
        later = [r for r in rounds if r.sequence >= first_round.sequence]
        steps, day = [], first_round.start_date
        for position, status in enumerate(statuses):
            round_ = later[position] if position < len(later) else None
            day = round_.end_date if round_ else days_after(day, rng, 20, 90)
            if steps and day <= steps[-1][0]:
                day = steps[-1][0] + dt.timedelta(days=1)
            steps.append((day, status, round_))
        return steps

    # Trade flows ---------------------------------------------------------------------------

    def trade_flows(self) -> None:
        total = self.plan.trade_flows
        reporters = self.countries[:FLOW_REPORTERS]
        partners = self.countries[:FLOW_PARTNERS]
        pairs = [(r, p) for r in reporters for p in partners if p != r]
        subheadings = self.codes_by_level[6]
        per_pair_year = math.ceil(total / (len(pairs) * len(YEARS))) if total else 0
        codes_per_pair = min(len(subheadings), math.ceil(per_pair_year / 2))
        remaining = total
        for reporter in reporters:
            if remaining <= 0:
                break
            rows = itertools.islice(
                self.flow_rows(reporter, [p for r, p in pairs if r == reporter], codes_per_pair),
                remaining,
            )
            # One call per reporter, as a worker writes one series at a time.
            result = upsert_trade_flows(rows, TradeFlow.Source.COMTRADE, FETCHED_AT)
            remaining -= result.inserted + result.updated + result.unchanged
            self.count("trade_flows", result.inserted)

    def flow_rows(self, reporter, partners, codes_per_pair) -> Iterator[TradeFlowRow]:
        """reporter x partner x HS6 x year x (imports, exports), streamed."""
        rng = self.rng(f"flows:{reporter.iso3}")
        size = 1 / (self.countries.index(reporter) + 1)
        for partner in partners:
            pair_size = size / (self.countries.index(partner) + 1) ** 0.5
            codes = sorted(rng.sample(self.codes_by_level[6], codes_per_pair))
            for year in YEARS:
                growth = 1.03 ** (year - YEARS[0])
                for code in codes:
                    for flow in (TradeFlow.Direction.IMPORT, TradeFlow.Direction.EXPORT):
                        value = min(rng.lognormvariate(14, 2) * pair_size * growth, 1e13)
                        quantity, unit = None, ""
                        if rng.random() < 0.7:
                            quantity = Decimal(f"{value / rng.uniform(1, 50):.3f}")
                            unit = "kg"
                        yield TradeFlowRow(
                            reporter.pk,
                            partner.pk,
                            code,
                            year,
                            TradeFlow.ANNUAL,
                            flow,
                            Decimal(f"{value:.2f}"),
                            quantity,
                            unit,
                        )

    def analyze(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
