"""The querysets the API and the pages share, with what their views read already joined."""

from django.db.models import Prefetch

from .models import (
    Concession,
    ConcessionStatusChange,
    Delegation,
    Encounter,
    Negotiation,
    Person,
    Round,
    Statement,
)


def people():
    return Person.objects.select_related("economy").prefetch_related(
        "delegations__round__negotiation", "delegations_led__round__negotiation"
    )


def negotiations():
    return Negotiation.objects.prefetch_related("parties", "rounds", "sources")


def rounds():
    return Round.objects.select_related("negotiation", "country").prefetch_related(
        "sources",
        Prefetch(
            "delegations",
            Delegation.objects.select_related("economy", "head").prefetch_related("members"),
        ),
        Prefetch("encounters", Encounter.objects.prefetch_related("participants", "sources")),
        Prefetch(
            "statements", Statement.objects.select_related("speaker").prefetch_related("sources")
        ),
    )


def concessions():
    return Concession.objects.select_related(
        "negotiation", "round", "giver", "receiver", "commodity"
    ).prefetch_related(
        "sources",
        Prefetch(
            "status_changes",
            ConcessionStatusChange.objects.select_related("round").prefetch_related("sources"),
        ),
    )


def concession_summaries():
    """What a list shows of each concession: its negotiation and the two economies."""
    return Concession.objects.select_related("negotiation", "giver", "receiver")
