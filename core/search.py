"""Search across the tracker: PostgreSQL full-text search, or a plain match on SQLite.

Each app says what of its own can be searched, in its `search.py`, which its AppConfig
imports when it is ready:

    @register
    class MeasureIndex(SearchIndex):
        label = "Measures"
        model = Measure
        fields = ("title", "legal_citation", "description")
        order = 40

A result links to the page of the item found: every registered model has `get_absolute_url`.
"""

from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Q

from .models import Source

RESULTS_PER_KIND = 20


class SearchIndex:
    """One kind of item the search finds: which model, matched on which fields.

    `label` heads its results; `order` places them among the other kinds (lowest first);
    `select_related` joins what the item's name and page address read.
    """

    label = ""
    model = None
    fields = ()
    order = 100
    select_related = ()

    def queryset(self):
        return self.model._default_manager.select_related(*self.select_related)

    def __repr__(self):
        return f"<{type(self).__module__}.{type(self).__qualname__}: {self.label}>"


_registry = {}


def register(index_class):
    """Register a SearchIndex subclass; usable as a class decorator."""
    if not index_class.label or index_class.model is None or not index_class.fields:
        raise ImproperlyConfigured(f"{index_class.__qualname__} needs a label, a model and fields.")
    if not hasattr(index_class.model, "get_absolute_url"):
        raise ImproperlyConfigured(
            f"{index_class.model.__name__} has no page: a search result must link to one."
        )
    existing = _registry.get(index_class.label)
    if existing is not None and (type(existing).__module__, type(existing).__qualname__) != (
        index_class.__module__,
        index_class.__qualname__,
    ):
        raise ImproperlyConfigured(f"Two search indexes are labelled {index_class.label!r}.")
    _registry[index_class.label] = index_class()
    return index_class


def registry():
    """The registered indexes, in the order their results are shown."""
    return sorted(_registry.values(), key=lambda index: (index.order, index.label))


def full_text(index, query):
    vector = SearchVector(*index.fields, config="english")
    terms = SearchQuery(query, search_type="websearch", config="english")
    return (
        index.queryset()
        .annotate(rank=SearchRank(vector, terms))
        .filter(rank__gt=0)
        .order_by("-rank")
    )


def every_word(index, query):
    words = query.split()
    per_word = [
        reduce(or_, (Q(**{f"{field}__icontains": word}) for field in index.fields))
        for word in words
    ]
    return index.queryset().filter(reduce(and_, per_word))


def search_everything(query):
    """{label: [(item, url)]} for every kind with a match, best matches first."""
    match = full_text if connection.vendor == "postgresql" else every_word
    results = {}
    for index in registry():
        items = list(match(index, query)[:RESULTS_PER_KIND])
        if items:
            results[index.label] = [(item, item.get_absolute_url()) for item in items]
    return results


# What core itself offers to search.


@register
class SourceIndex(SearchIndex):
    label = "Sources"
    model = Source
    fields = ("title", "publisher")
    order = 60
