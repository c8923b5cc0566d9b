"""Search across the tracker: PostgreSQL full-text search, or a plain match on SQLite."""

from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q
from django.urls import reverse

from commodities.models import Concession
from tariffs.models import Measure

from .models import Negotiation, Person, Round, Source

RESULTS_PER_KIND = 20


@dataclass(frozen=True)
class Searchable:
    label: str
    queryset: object
    fields: tuple
    url: object  # item -> URL of its page


SEARCHABLE = (
    Searchable(
        "Negotiations",
        Negotiation.objects.all(),
        ("title", "summary"),
        lambda n: reverse("negotiations:negotiation", args=[n.slug]),
    ),
    Searchable(
        "Rounds",
        Round.objects.select_related("negotiation"),
        ("title", "summary", "outcome", "next_steps", "city"),
        lambda r: reverse("negotiations:round", args=[r.pk]),
    ),
    Searchable(
        "People",
        Person.objects.select_related("economy"),
        ("name", "office"),
        lambda p: reverse("negotiations:person", args=[p.slug]),
    ),
    Searchable(
        "Measures",
        Measure.objects.select_related("issuer"),
        ("title", "legal_citation", "description"),
        lambda m: reverse("tariffs:measure", args=[m.pk]),
    ),
    Searchable(
        "Concessions",
        Concession.objects.select_related("negotiation"),
        ("title", "description"),
        lambda c: (
            reverse("negotiations:negotiation", args=[c.negotiation.slug]) + f"#concession-{c.pk}"
        ),
    ),
    Searchable(
        "Sources",
        Source.objects.all(),
        ("title", "publisher"),
        lambda s: s.url or reverse("api:source-detail", args=[s.pk]),
    ),
)


def full_text(searchable, query):
    vector = SearchVector(*searchable.fields, config="english")
    terms = SearchQuery(query, search_type="websearch", config="english")
    return (
        searchable.queryset.annotate(rank=SearchRank(vector, terms))
        .filter(rank__gt=0)
        .order_by("-rank")
    )


def every_word(searchable, query):
    words = query.split()
    per_word = [
        reduce(or_, (Q(**{f"{field}__icontains": word}) for field in searchable.fields))
        for word in words
    ]
    return searchable.queryset.filter(reduce(and_, per_word))


def search_everything(query):
    """{label: [(item, url)]} for every kind with a match, best matches first."""
    match = full_text if connection.vendor == "postgresql" else every_word
    results = {}
    for searchable in SEARCHABLE:
        items = list(match(searchable, query)[:RESULTS_PER_KIND])
        if items:
            results[searchable.label] = [(item, searchable.url(item)) for item in items]
    return results
