"""What the negotiations app offers to the site search."""

from core.search import SearchIndex, register

from .models import Agreement, Commitment, Concession, Negotiation, Person, Round


@register
class NegotiationIndex(SearchIndex):
    label = "Negotiations"
    model = Negotiation
    fields = ("title", "summary")
    order = 10


@register
class RoundIndex(SearchIndex):
    label = "Rounds"
    model = Round
    fields = ("title", "summary", "outcome", "next_steps", "city")
    order = 20
    select_related = ("negotiation",)


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
    order = 50
    select_related = ("negotiation",)


@register
class AgreementIndex(SearchIndex):
    label = "Agreements"
    model = Agreement
    fields = ("title", "summary")
    order = 45


@register
class CommitmentIndex(SearchIndex):
    label = "Commitments"
    model = Commitment
    fields = ("description", "unit", "period")
    order = 47
    select_related = ("agreement", "giver")
