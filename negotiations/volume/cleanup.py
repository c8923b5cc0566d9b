"""Whether a seeded data set is there, and deleting exactly what `seed_volume` wrote."""

from django.db import transaction
from django.db.models import Q

from commodities.models import TradeFlow
from core.models import DataVersion, Economy, Source
from tariffs.models import (
    Measure,
    MeasureChange,
    MeasureRelation,
    PartnerException,
    ScopeLine,
)

from ..models import (
    Concession,
    ConcessionStatusChange,
    Delegation,
    Encounter,
    Negotiation,
    Person,
    Round,
    Statement,
)
from .economies import seeded_economies
from .plan import SLUG_PREFIX, SOURCE_URL


def is_seeded() -> bool:
    return seeded_economies().exists()


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
        MeasureRelation.sources.through.objects.filter(measurerelation__measure__in=measures),
        MeasureRelation.objects.filter(Q(measure__in=measures) | Q(other__in=measures)),
        PartnerException.objects.filter(Q(measure__in=measures) | Q(economy__in=economies)),
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
