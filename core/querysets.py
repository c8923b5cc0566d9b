"""The querysets the API and the pages share, with what their views read already joined."""

from collections import defaultdict

from django.db.models import F

from .models import Economy, Source


def economies():
    return Economy.objects.prefetch_related("members", "unions")


def sources():
    return Source.objects.all()


def sources_of(model, ids):
    """{id: [Source]} of the `model` records with `ids`, in one query, each list in the
    sources' own order (as a prefetch of `sources` gives it)."""
    cited_by = model._meta.get_field("sources").related_query_name()
    sources = (
        Source.objects.filter(**{f"{cited_by}__pk__any": ids})
        .annotate(cited_by=F(cited_by))
        .order_by(*Source._meta.ordering, "pk")
    )
    found = defaultdict(list)
    for source in sources:
        found[source.cited_by].append(source)
    return found
