"""What the negotiations app offers to the site search."""

from django.db.models import OuterRef, Subquery

from core.search import Joined, SearchIndex, register

from .models import (
    Agreement,
    Commitment,
    Concession,
    ConcessionStatusChange,
    Delegation,
    Negotiation,
    Person,
    Round,
    Statement,
)


def lead_negotiators():
    """The names of the heads of a round's delegations: a round is found by who led it."""
    heads = (
        Delegation.objects.filter(round=OuterRef("pk"), head__isnull=False)
        .order_by()
        .values("round")
        .annotate(names=Joined("head__name"))
        .values("names")
    )
    return Subquery(heads)


def latest_concession_change():
    changes = ConcessionStatusChange.objects.filter(concession=OuterRef("pk"))
    return Subquery(changes.order_by("-changed_on", "-pk").values("changed_on")[:1])


@register
class NegotiationIndex(SearchIndex):
    label = "Negotiations"
    model = Negotiation
    fields = ("title", "summary")
    date = "started_on"
    order = 10


@register
class RoundIndex(SearchIndex):
    label = "Rounds"
    model = Round
    fields = ("title", "summary", "outcome", "next_steps", "city", "led_by")
    annotations = {"led_by": lead_negotiators()}
    date = "start_date"
    order = 20
    select_related = ("negotiation",)


@register
class StatementIndex(SearchIndex):
    """A statement has no page of its own: it is shown, and linked, on its round's page
    (`Statement.get_absolute_url`)."""

    label = "Statements"
    model = Statement
    fields = ("speaker__name", "quote", "context")
    date = "said_on"
    order = 25


@register
class PersonIndex(SearchIndex):
    label = "People"
    model = Person
    fields = ("name", "office")
    order = 30
    select_related = ("economy",)


@register
class ConcessionIndex(SearchIndex):
    label = "Concessions"
    model = Concession
    fields = ("title", "description")
    date = latest_concession_change()
    order = 50
    select_related = ("negotiation",)


@register
class AgreementIndex(SearchIndex):
    label = "Agreements"
    model = Agreement
    fields = ("title", "summary")
    date = "announced_on"
    order = 45


@register
class CommitmentIndex(SearchIndex):
    label = "Commitments"
    model = Commitment
    fields = ("description", "unit", "period")
    date = "agreement__announced_on"
    order = 47
    select_related = ("agreement", "giver")
