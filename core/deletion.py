"""Deleting a row that other facts depend on.

Django's `Collector` finds what a deletion takes with it: rows that cascade from it, links
from other rows (a fact citing a source, a negotiation listing an economy among its parties)
and keys that would be emptied. `plan_deletion` names them; `delete_with_dependants` refuses
while there are any unless the cascade is asked for, and when it is, deletes them in one
transaction with every row that goes or changes recorded in its history under one token, so
that `core.restore` can bring it all back. Rows protected from the deletion (PROTECT) are
never taken: the deletion is refused whatever is asked.

The API (`?cascade=true`) and the admin (its confirmation page) delete through here.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector

from .history import BEFORE_DELETION, deletion_reason, history_of, linked_ids

FIRST_IDS = 5


class DeletionRefused(Exception):
    """A deletion that did not happen, with what stood in its way.

    `dependants` lists {model, name, count, ids}: ids are the first few of the rows (of the
    rows that link, for links). `protected` is true when the cascade cannot take them either.
    """

    def __init__(self, message, dependants, protected=False):
        super().__init__(message)
        self.message = message
        self.dependants = dependants
        self.protected = protected


@dataclass
class Plan:
    """What deleting `obj` takes with it."""

    obj: object
    collector: Collector
    # Rows deleted with it, by model (the object itself left out).
    cascaded: dict = field(default_factory=dict)
    # Links to what goes, from rows that stay: {(m2m field, owner id): [target ids]}.
    links: dict = field(default_factory=dict)
    # Keys to what goes, on rows that stay, emptied: {foreign key: [rows]}.
    emptied: dict = field(default_factory=dict)

    @property
    def dependants(self):
        found = [
            dependant(model._meta.label, names(model), [row.pk for row in rows])
            for model, rows in self.cascaded.items()
        ]
        by_field = defaultdict(list)
        for (m2m, owner_id), _targets in self.links.items():
            by_field[m2m].append(owner_id)
        found += [
            dependant(m2m.remote_field.through._meta.label, link_names(m2m), owner_ids)
            for m2m, owner_ids in by_field.items()
        ]
        found += [
            dependant(
                key.model._meta.label,
                (
                    f"{key.model._meta.verbose_name} that would lose its {key.verbose_name}",
                    f"{plural(key.model)} that would lose their {key.verbose_name}",
                ),
                [row.pk for row in rows],
            )
            for key, rows in self.emptied.items()
        ]
        return found

    def describe(self):
        return ", ".join(f"{item['count']} {item['name']}" for item in self.dependants)


def plural(model):
    return str(model._meta.verbose_name_plural)


def names(model):
    return str(model._meta.verbose_name), plural(model)


def link_names(m2m):
    if m2m.name == "sources":
        return f"citation in {plural(m2m.model)}", f"citations in {plural(m2m.model)}"
    one, many = names(m2m.model)
    return (
        f"{one} listing it in its {m2m.verbose_name}",
        f"{many} listing it in their {m2m.verbose_name}",
    )


def dependant(model, name, ids):
    """{model, name, count, ids}: `name` is (singular, plural); ids the first few, sorted."""
    ids = sorted(set(ids))
    one, many = name
    return {
        "model": model,
        "name": one if len(ids) == 1 else many,
        "count": len(ids),
        "ids": ids[:FIRST_IDS],
    }


def label(obj):
    return f"{obj._meta.verbose_name} “{obj}”"


def through_fields():
    """Each auto-created many-to-many table, with the field it serves."""
    return {
        m2m.remote_field.through: m2m
        for model in apps.get_models()
        for m2m in model._meta.local_many_to_many
        if m2m.remote_field.through._meta.auto_created
    }


def plan_deletion(obj):
    """What deleting `obj` would take; DeletionRefused if protected rows refer to it."""
    collector = Collector(using=router.db_for_write(type(obj), instance=obj), origin=obj)
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as error:
        blocking = getattr(error, "protected_objects", None) or error.restricted_objects
        by_model = defaultdict(list)
        for row in blocking:
            by_model[type(row)].append(row.pk)
        found = [dependant(m._meta.label, names(m), ids) for m, ids in by_model.items()]
        blockers = ", ".join(f"{item['count']} {item['name']}" for item in found)
        raise DeletionRefused(
            f"{label(obj).capitalize()} cannot be deleted: {blockers} refer to it and are "
            "protected; delete or change those first.",
            found,
            protected=True,
        ) from error
    rows = defaultdict(list)
    for model, instances in collector.data.items():
        rows[model].extend(instances)
    for queryset in collector.fast_deletes:
        rows[queryset.model].extend(queryset)
    gone = {(model, row.pk) for model, instances in rows.items() for row in instances}
    plan = Plan(obj, collector)
    throughs = through_fields()
    for model, instances in rows.items():
        if model in throughs:
            m2m = throughs[model]
            owner, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            for row in instances:
                owner_id = getattr(row, f"{owner}_id")
                if (m2m.model, owner_id) not in gone:
                    plan.links.setdefault((m2m, owner_id), []).append(getattr(row, f"{target}_id"))
        elif not model._meta.auto_created:
            kept = [row for row in instances if row.pk != obj.pk or model is not type(obj)]
            if kept:
                plan.cascaded[model] = sorted(kept, key=lambda row: row.pk)
    for (key, _value), batches in collector.field_updates.items():
        staying = [row for batch in batches for row in batch if (type(row), row.pk) not in gone]
        if staying:
            plan.emptied.setdefault(key, []).extend(staying)
    return plan


def delete_with_dependants(obj, *, cascade=False, user=None):
    """Delete `obj`; with `cascade`, with what depends on it. Returns the deletion's token.

    Raises DeletionRefused when rows depend on it and `cascade` is false, or when protected
    rows refer to it.
    """
    plan = plan_deletion(obj)
    if plan.dependants and not cascade:
        raise DeletionRefused(
            f"Other records depend on {label(obj)}: {plan.describe()}.", plan.dependants
        )
    token = uuid.uuid4().hex[:16]
    reason = deletion_reason(token, obj)
    with transaction.atomic(using=plan.collector.using):
        for (m2m, owner_id), targets in plan.links.items():
            unlink(m2m, owner_id, targets, token, reason, user)
        for key, rows in plan.emptied.items():
            for row in rows:
                empty_key(row, key, token, reason, user)
        for instances in plan.collector.data.values():
            for instance in instances:
                instance._change_reason = reason
                if user is not None:
                    instance._history_user = user
        plan.collector.delete()
    return token


def unlink(m2m, owner_id, targets, token, reason, user):
    """Remove links from a row that stays; its history records the removal, when it keeps
    these links."""
    history = history_of(m2m.model)
    owner = m2m.model._base_manager.get(pk=owner_id)
    if history is not None and m2m in history.tracked_links():
        recorded_before(owner, history, token, user, links=[m2m])
        owner._change_reason = reason
        if user is not None:
            owner._history_user = user
    getattr(owner, m2m.name).remove(*targets)


def empty_key(row, key, token, reason, user):
    """Empty a key of a row that stays (SET_NULL), recorded in its history."""
    history = history_of(type(row))
    if history is not None:
        recorded_before(row, history, token, user, keys=[key])
        row._change_reason = reason
        if user is not None:
            row._history_user = user
    setattr(row, key.attname, None)
    row.save(update_fields=[key.name])


def recorded_before(row, history, token, user, links=(), keys=()):
    """Make sure the latest record of `row` shows the links and keys about to change, so a
    restore reads what they were from it."""
    latest = row.history.order_by("-history_date", "-pk").first()
    current = latest is not None and all(
        getattr(latest, key.attname) == getattr(row, key.attname) for key in keys
    )
    current = current and all(
        set(linked_ids(latest, m2m)) == set(getattr(row, m2m.name).values_list("pk", flat=True))
        for m2m in links
    )
    if not current:
        history.record(row, "~", BEFORE_DELETION.format(token=token), user)
