"""The querysets the API and the pages share, with what their views read already joined."""

from collections import namedtuple

from django.db.models import Count, Prefetch

from core import kept
from core.models import Economy
from core.querysets import choice_labels, coded_rows
from core.sql import Compiled, Records

from .models import (
    Agreement,
    Commitment,
    CommitmentStatusChange,
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


ConcessionLine = namedtuple("ConcessionLine", ["pk", "title", "status", "giver_id"])
# Compiled once (`core.sql`): every negotiation page reads them.
LINES = Compiled(
    lambda negotiation_id: (
        Concession.objects.filter(negotiation=negotiation_id)
        .order_by("giver__name", "title", "pk")
        .values_list(*ConcessionLine._fields)
    )
)


def concession_lines(negotiation):
    """Every concession of `negotiation` as a row (pk, title, status, giver_id), by giver and
    title: what the glance lists, the timeline looks up and the board counts, read once."""
    return [ConcessionLine._make(row) for row in LINES.rows(negotiation.pk)]


def negotiations():
    return Negotiation.objects.prefetch_related("parties", "rounds", "sources")


# A negotiation by its slug, as its page reads it: a prepared statement (`core.sql`).
BY_SLUG = Records(Negotiation, "n", "n.slug = {}")


def negotiation_by_slug(slug):
    """The negotiation whose slug is `slug` (as `Negotiation.objects.get(slug=slug)` gives
    it), or None."""
    found = BY_SLUG.records(slug)
    return found[0] if found else None


# The keys of a negotiation's parties, compiled once (`core.sql`).
PARTY_KEYS = Compiled(
    lambda negotiation_id: Negotiation.parties.through.objects.filter(
        negotiation=negotiation_id
    ).values_list("economy_id")
)


def parties_of(negotiation):
    """The negotiation's parties in the economies' order (by name), as `parties.all()` gives
    them, from the economies the process keeps for the data's version (`core.kept`): its page
    reads their keys alone. Shared with other requests: read them, never change them."""
    ids = [pk for (pk,) in PARTY_KEYS.rows(negotiation.pk)]
    economies = kept.economies().having(ids)
    return sorted((economies.by_pk[pk] for pk in ids), key=lambda e: economies.rank[e.pk])


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


def concession_steps():
    """A concession's status steps, as its detail reads them."""
    return ConcessionStatusChange.objects.prefetch_related("sources")


# The related codes a concession row shows, read by id after the rows (`row_columns`).
ROW_CODES = {
    "negotiation__slug": ("negotiation_id", Negotiation, "slug"),
    "giver__iso3": ("giver_id", Economy, "iso3"),
    "receiver__iso3": ("receiver_id", Economy, "iso3"),
}


def concession_rows(*keys):
    """What a list shows of each concession, as `values()` rows of the columns `keys`; its
    negotiation's slug and the economies' codes (`ROW_CODES`) are read in one query per kind
    of record for all the rows (for each chunk of `iterator()`). Filters and ordering apply
    as to the model's queryset."""
    return coded_rows(Concession.objects.all(), keys, ROW_CODES)


def commitments():
    """Commitments with all a detail or a page shows: giver, products, implementing measures,
    status history and sources, and the economies their trade is measured between."""
    return Commitment.objects.select_related(
        "agreement", "giver", "trade_reporter", "trade_partner"
    ).prefetch_related(
        "sources",
        "products",
        "measures",
        Prefetch("status_changes", CommitmentStatusChange.objects.prefetch_related("sources")),
    )


def commitment_summaries():
    """What a list shows of each commitment: its giver and the history its status comes from."""
    return Commitment.objects.select_related("giver").prefetch_related("status_changes")


def agreements():
    """Agreements with their parties, measures, sources and commitments in full."""
    return Agreement.objects.select_related("negotiation", "round").prefetch_related(
        "parties",
        "sources",
        "measures",
        Prefetch("commitments", commitments()),
    )


def agreement_summaries():
    """What a list shows of each agreement: negotiation, parties, how many commitments."""
    return (
        Agreement.objects.select_related("negotiation")
        .prefetch_related("parties")
        .annotate(commitment_count=Count("commitments"))
        # A grouped query drops the model's ordering: it is given again.
        .order_by("announced_on", "pk")
    )


def negotiation_agreements(negotiation):
    """A negotiation's agreements, oldest first, each with its number of commitments, as
    rows (`AgreementLine`) of a query compiled once."""
    return [AgreementLine._make(row) for row in AGREEMENTS.rows(negotiation.pk)]


def negotiation_rounds(negotiation):
    """A negotiation's rounds in order, as rows (`RoundLine`) of a query compiled once."""
    return [RoundLine._make(row) for row in ROUNDS.rows(negotiation.pk)]


AGREEMENT_KINDS = choice_labels(Agreement, "kind")
ROUND_STATUSES = choice_labels(Round, "status")


class AgreementLine(
    namedtuple("AgreementLine", ["pk", "kind", "title", "announced_on", "commitment_count"])
):
    """What a negotiation's page lists of an agreement, with the model's own address."""

    __slots__ = ()
    get_absolute_url = Agreement.get_absolute_url

    def get_kind_display(self):
        return AGREEMENT_KINDS.get(self.kind, self.kind)


class RoundLine(
    namedtuple("RoundLine", ["pk", "sequence", "title", "status", "start_date", "city"])
):
    """What a negotiation's page and its glance read of a round, with the model's own
    address."""

    __slots__ = ()
    get_absolute_url = Round.get_absolute_url

    def get_status_display(self):
        return ROUND_STATUSES.get(self.status, self.status)


AGREEMENTS = Compiled(
    lambda negotiation_id: (
        Agreement.objects.filter(negotiation=negotiation_id)
        .annotate(commitment_count=Count("commitments"))
        .order_by("announced_on", "pk")
        .values_list(*AgreementLine._fields)
    )
)
ROUNDS = Compiled(
    lambda negotiation_id: (
        Round.objects.filter(negotiation=negotiation_id)
        .order_by("sequence")
        .values_list(*RoundLine._fields)
    )
)
