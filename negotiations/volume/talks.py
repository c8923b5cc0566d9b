"""Negotiations, their rounds, and each round's delegations, encounters and statements."""

import datetime as dt

from ..models import Delegation, Encounter, Negotiation, Round, Statement
from .draws import days_after, random_day, weighted
from .plan import BATCH_SIZE, FIRST_DAY, REFERENCE_DATE, SLUG_PREFIX

CITIES = [
    "Geneva", "Washington", "Tokyo", "Brussels", "Beijing", "London", "Ottawa", "New Delhi",
    "Seoul", "Mexico City", "Jakarta", "Singapore", "Nairobi", "Canberra", "Brasília",
]  # fmt: skip
QUOTES = [
    "We made real progress on market access.",
    "Both sides agreed to keep talking.",
    "Gaps remain on agriculture.",
    "We will not accept a deal at any price.",
    "The next round should settle the tariff schedule.",
]


class TalksStage:
    """The negotiations stage: negotiations, then their rounds, then the delegations."""

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
