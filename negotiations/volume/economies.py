"""Economies (countries and customs unions with their members) and the people of each."""

import itertools

from core.models import Economy

from ..models import Person
from .draws import zipf_weights
from .plan import BATCH_SIZE, ISO3_FIRST, ISO3_SECOND, SEEDED_ISO3, SLUG_PREFIX

ECONOMIES_PER_UNION = 40
PEOPLE_PER_ECONOMY = 4
COMTRADE_CODE_BASE = 1000  # real UN Comtrade codes stay below 900
CENSUS_CODE_BASE = 9000

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


def seeded_economies():
    return Economy.objects.filter(iso3__regex=SEEDED_ISO3)


def economy_code(index: int) -> str:
    return ISO3_FIRST + ISO3_SECOND[index // 26] + chr(65 + index % 26)


def economy_name(index: int) -> str:
    size = len(SYLLABLES)
    stem = SYLLABLES[index // size**2 % size] + SYLLABLES[index // size % size]
    return (stem + SYLLABLES[index % size] + ENDINGS[index % len(ENDINGS)]).capitalize()


class EconomiesStage:
    """The economies and people stages, and the choice of countries the others draw on."""

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
