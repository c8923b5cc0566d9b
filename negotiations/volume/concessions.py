"""Concessions, each with its steps along the path from requested to implemented."""

import datetime as dt
import itertools
from decimal import Decimal

from ..models import Concession, ConcessionStatusChange
from .draws import days_after, weighted, zipf_weights
from .plan import BATCH_SIZE

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


class ConcessionsStage:
    """The concessions stage."""

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
