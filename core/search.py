"""Search across the tracker: PostgreSQL full-text search, or a plain match on SQLite.

Each app says what of its own can be searched, in its `search.py`, which its AppConfig
imports when it is ready:

    @register
    class MeasureIndex(SearchIndex):
        label = "Measures"
        model = Measure
        fields = ("title", "legal_citation", "description")
        date = latest_change_day()
        order = 40

A result names its kind ("Measure"), links to the page of the item found, gives the item's own
date and a snippet: the matching text around the first match, the matched words marked. Every
kind is searched in one query, whatever the number of results.
"""

import re
import string
from dataclasses import dataclass
from datetime import date as Date
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Aggregate, DateField, F, Func, Q, TextField, Value
from django.db.models.functions import NullIf
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from .models import Source

RESULTS_PER_KIND = 20
# Shorter words are not searched: on SQLite they would match inside nearly every text.
MIN_WORD_LENGTH = 3
# About how many words a snippet shows.
SNIPPET_WORDS = 30
# How the fields of an item read one after the other in its snippet.
FIELD_SEPARATOR = " · "
# Where a match starts and stops in a snippet's text, before it is escaped: characters of
# Unicode's private use area, which no stored text has.
START, STOP = "\ue000", "\ue001"
PUNCTUATION = string.punctuation + "“”‘’«»"


class SearchIndex:
    """One kind of item the search finds: which model, matched on which fields.

    `label` heads its results and `kind` names one of them (the model's name by default);
    `order` places them among the other kinds (lowest first). `fields` may name a field of a
    related item (`speaker__name`) or one of `annotations`, text computed per item (such as
    the names of those who led a round). `date` is the item's own date: a field or an
    expression. `select_related` joins what the item's name and page address read.
    """

    label = ""
    kind = ""
    model = None
    fields = ()
    annotations = {}
    date = None
    order = 100
    select_related = ()

    def queryset(self):
        related = {field.rsplit("__", 1)[0] for field in self.fields if "__" in field}
        date = F(self.date) if isinstance(self.date, str) else self.date
        return (
            self.model._default_manager.select_related(*self.select_related, *sorted(related))
            .annotate(**self.annotations)
            .annotate(search_date=date if date is not None else Value(None, DateField()))
        )

    def kind_name(self):
        return self.kind or capfirst(self.model._meta.verbose_name)

    def title(self, item):
        return str(item)

    def url(self, item):
        return item.get_absolute_url()

    def __repr__(self):
        return f"<{type(self).__module__}.{type(self).__qualname__}: {self.label}>"


_registry = {}


def register(index_class):
    """Register a SearchIndex subclass; usable as a class decorator."""
    if not index_class.label or index_class.model is None or not index_class.fields:
        raise ImproperlyConfigured(f"{index_class.__qualname__} needs a label, a model and fields.")
    if index_class.url is SearchIndex.url and not hasattr(index_class.model, "get_absolute_url"):
        raise ImproperlyConfigured(
            f"{index_class.model.__name__} has no page: a search result must link to one "
            "(give its index a `url`)."
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


class Joined(Aggregate):
    """The texts of many rows as one: how an item's to-many relation is searched as a field."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ', ')"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def search_words(query):
    """The words of `query` that are searched: those of MIN_WORD_LENGTH letters or more."""
    return [word for word in query.split() if len(word.strip(PUNCTUATION)) >= MIN_WORD_LENGTH]


def newest_first():
    return (F("search_date").desc(nulls_last=True), "-pk")


def full_text(index, words):
    vector = SearchVector(*index.fields, config="english")
    terms = SearchQuery(" ".join(words), search_type="websearch", config="english")
    text = Func(
        Value(FIELD_SEPARATOR),
        *(NullIf(F(field), Value("")) for field in index.fields),
        function="CONCAT_WS",
        output_field=TextField(),
    )
    headline = SearchHeadline(
        text,
        terms,
        config="english",
        start_sel=START,
        stop_sel=STOP,
        max_words=SNIPPET_WORDS,
        min_words=SNIPPET_WORDS // 2,
    )
    found = (
        index.queryset()
        .annotate(search_rank=SearchRank(vector, terms))
        .filter(search_rank__gt=0)
        .annotate(search_headline=headline)
    )
    return found.order_by("-search_rank", *newest_first())


def every_word(index, words):
    per_word = [
        reduce(
            or_, (Q(**{f"{field}__icontains": word.strip(PUNCTUATION)}) for field in index.fields)
        )
        for word in words
    ]
    return index.queryset().filter(reduce(and_, per_word)).order_by(*newest_first())


def searched_text(index, item):
    """The text of `item` the index searches, field after field."""
    values = []
    for field in index.fields:
        value = item
        for name in field.split("__"):
            value = getattr(value, name, None) if value is not None else None
        if value:
            values.append(str(value))
    return FIELD_SEPARATOR.join(values)


def excerpt(text, words):
    """About SNIPPET_WORDS words of `text` around the first of `words` in it, each match
    between START and STOP: what PostgreSQL's ts_headline gives, for the plain match."""
    pattern = re.compile(
        "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE
    )
    tokens = text.split()
    first = next((i for i, token in enumerate(tokens) if pattern.search(token)), 0)
    start = max(0, min(first - SNIPPET_WORDS // 3, len(tokens) - SNIPPET_WORDS))
    end = start + SNIPPET_WORDS
    shown = pattern.sub(lambda match: f"{START}{match.group()}{STOP}", " ".join(tokens[start:end]))
    return f"{'… ' if start else ''}{shown}{' …' if end < len(tokens) else ''}"


def snippet(index, item, words):
    """The snippet under a result, as safe HTML: the text escaped, the matches in <mark>.

    On PostgreSQL the database cut it (`search_headline`); on SQLite it is cut here.
    """
    text = getattr(item, "search_headline", None)
    if text is None:
        text = excerpt(searched_text(index, item), [w.strip(PUNCTUATION) for w in words])
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


@dataclass(frozen=True)
class Result:
    kind: str  # a word: "Round", "Statement"...
    title: str
    url: str
    date: Date | None
    snippet: str  # safe HTML
    item: object


class Results(dict):
    """{label: [Result]} for every kind with a match, with the `words` searched: none when
    the query has no word of `min_word_length` letters or more."""

    min_word_length = MIN_WORD_LENGTH

    def __init__(self, words):
        super().__init__()
        self.words = words


def search_everything(query):
    """The Results of `query`: its kinds in the registry's order; within a kind, the best
    match first on PostgreSQL, then the newest; on SQLite the newest first. One query per kind.
    """
    words = search_words(query)
    results = Results(words)
    if not words:
        return results
    match = full_text if connection.vendor == "postgresql" else every_word
    for index in registry():
        items = list(match(index, words)[:RESULTS_PER_KIND])
        if items:
            results[index.label] = [
                Result(
                    kind=index.kind_name(),
                    title=index.title(item),
                    url=index.url(item),
                    date=item.search_date,
                    snippet=snippet(index, item, words),
                    item=item,
                )
                for item in items
            ]
    return results


# What core itself offers to search.


@register
class SourceIndex(SearchIndex):
    label = "Sources"
    model = Source
    fields = ("title", "publisher")
    date = "published_on"
    order = 60
