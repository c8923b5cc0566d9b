from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.shortcuts import get_object_or_404, render

from .models import Source

# An item with no page of its own is shown on the page of the first of these it belongs to.
PARENT_FIELDS = ("measure", "concession", "round")

# How far to join the non-null relations an item's name and page address may read.
JOIN_DEPTH = 2


@dataclass(frozen=True)
class Citation:
    item: object
    url: str  # the item's page, or its parent's; "" when neither has one
    parent: object = None  # what it belongs to, when it has no page of its own


@dataclass(frozen=True)
class CitingKind:
    label: str
    citations: list


def has_page(model):
    return hasattr(model, "get_absolute_url")


def forward_relation(model, name):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.many_to_one or field.one_to_one else None


def parent_field(model):
    """The relation leading to the page of an item with none of its own."""
    if has_page(model):
        return None
    for name in PARENT_FIELDS:
        field = forward_relation(model, name)
        if field is not None and has_page(field.related_model):
            return field
    return None


def joins(model, depth=JOIN_DEPTH, prefix=""):
    """The non-null forward relations of `model`, `depth` deep, for select_related."""
    paths = []
    if depth == 0:
        return paths
    for field in model._meta.concrete_fields:
        if (field.many_to_one or field.one_to_one) and not field.null:
            path = prefix + field.name
            paths.append(path)
            paths += joins(field.related_model, depth - 1, path + "__")
    return paths


def citing_kinds(source):
    """Every kind of item that cites `source`, with its items: one query per kind."""
    kinds = []
    for relation in Source._meta.related_objects:
        if not relation.many_to_many:
            continue
        model = relation.related_model
        parent = parent_field(model)
        paths = joins(model)
        if parent is not None and parent.name not in paths:
            paths += [parent.name, *joins(parent.related_model, prefix=parent.name + "__")]
        items = model._default_manager.filter(**{relation.field.name: source}).select_related(
            *paths
        )
        citations = []
        for item in items:
            if has_page(model):
                citations.append(Citation(item, item.get_absolute_url()))
                continue
            owner = getattr(item, parent.name) if parent is not None else None
            url = owner.get_absolute_url() if owner is not None else ""
            citations.append(Citation(item, url, owner))
        if citations:
            label = model._meta.verbose_name_plural
            kinds.append(CitingKind(label[:1].upper() + label[1:], citations))
    return kinds


def source_detail(request, pk):
    source = get_object_or_404(Source, pk=pk)
    context = {"source": source, "citing": citing_kinds(source)}
    return render(request, "core/source_detail.html", context)
