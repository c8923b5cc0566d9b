"""The querysets the API and the pages share, with what their views read already joined."""

from collections import defaultdict

from .models import Economy, Source


def economies():
    return Economy.objects.prefetch_related("members", "unions")


def sources():
    return Source.objects.all()


def sources_of(model, ids):
    """{id: [Source]} of the `model` records with `ids`, in one query, each list in the
    sources' own order (as a prefetch of `sources` gives it)."""
    through = model.sources.through
    column = model._meta.model_name
    order = [
        f"-source__{name[1:]}" if name.startswith("-") else f"source__{name}"
        for name in Source._meta.ordering
    ]
    links = (
        through.objects.filter(**{f"{column}__in": ids})
        .select_related("source")
        .order_by(*order, "source_id")
    )
    found = defaultdict(list)
    for link in links:
        found[getattr(link, f"{column}_id")].append(link.source)
    return found
