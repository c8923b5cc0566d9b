"""Bringing back what a deletion took, from the records it left in the histories.

A deletion made through `core.deletion` recorded, under one token, every row it deleted (with
that row's many-to-many links) and every row that stayed but lost a link or a key to what went.
`restore_deletion` writes them back in one transaction, with their primary keys: the rows, their
links, and the links and keys of the rows that stayed, as they were just before. Each row it
writes gets a record saying it was restored. The admin's "Deleted" pages and the
`restore_deleted` command call it.
"""

from collections import defaultdict

from django.db import IntegrityError, transaction

from .history import (
    RESTORED,
    History,
    deletion_prefix,
    history_of,
    latest_records,
    linked_ids,
    token_of,
)
from .models import DataVersion


class RestoreRefused(Exception):
    """A restore that did not happen, and why; nothing was written."""


def deleted_rows(model):
    """The records of the rows of `model` that were deleted and not brought back, newest
    deletion first."""
    pk = model._meta.pk.attname
    live = model._base_manager.values("pk")
    return latest_records(model, "-").exclude(**{f"{pk}__in": live}).order_by("-history_date")


def deletion_record(model, history_id):
    record = model.history.filter(history_type="-", history_id=history_id).first()
    if record is None:
        raise RestoreRefused(
            f"No deletion of a {model._meta.verbose_name} has the id {history_id}."
        )
    return record


def deletion_contents(record):
    """What the deletion that wrote `record` took: {model: [records]}, `record`'s own model
    first; empty for a row deleted some other way (its record alone is known)."""
    token = token_of(record.history_change_reason)
    if token is None:
        return {}
    found = records_of(token, "-")
    first = type(record).instance_type
    return {first: found.pop(first, []), **found}


def records_of(token, history_type):
    prefix = deletion_prefix(token)
    found = {}
    for model in History.of_model:
        records = list(
            model.history.filter(
                history_type=history_type, history_change_reason__startswith=prefix
            ).order_by("history_date", "history_id")
        )
        if records:
            found[model] = records
    return found


def restore_deletion(model, history_id, user=None):
    """Bring back the row of `model` whose deletion record is `history_id`, with everything
    its deletion took. Returns {model: number of rows restored}; RestoreRefused, with
    nothing written, when it cannot be done whole."""
    record = deletion_record(model, history_id)
    token = token_of(record.history_change_reason)
    if token is None:
        raise RestoreRefused(
            f"{model._meta.verbose_name.capitalize()} {record.instance} was deleted without "
            "a record of what went with it; it cannot be restored whole."
        )
    reason = RESTORED.format(token=token)
    try:
        with transaction.atomic():
            deleted = records_of(token, "-")
            ids = {
                m: {getattr(r, m._meta.pk.attname) for r in records}
                for m, records in deleted.items()
            }
            refuse_if_back(ids)
            refuse_if_missing(deleted, ids)
            restored = write_rows(deleted)
            for instances in restored.values():
                for instance in instances:
                    history_of(type(instance)).record(instance, "+", reason, user)
            for row in relink(records_of(token, "~"), ids):
                history_of(type(row)).record(row, "~", reason, user)
            DataVersion.bump(duties=any(m._meta.app_label in DataVersion.DUTY_APPS for m in ids))
    except IntegrityError as error:
        raise RestoreRefused(
            f"The restore conflicts with rows entered since the deletion: {error}"
        ) from error
    return {m: len(rows) for m, rows in restored.items()}


def refuse_if_back(ids):
    back = [
        f"{m._meta.verbose_name_plural} {', '.join(map(str, sorted(found)))}"
        for m, pks in ids.items()
        if (found := set(m._base_manager.filter(pk__in=pks).values_list("pk", flat=True)))
    ]
    if back:
        raise RestoreRefused(
            f"Rows of this deletion exist again ({'; '.join(back)}): it was restored already, "
            "or they were entered again."
        )


def refuse_if_missing(deleted, ids):
    """Refuse when a row or link to restore refers to a row that is gone since."""
    wanted = defaultdict(set)
    for model, records in deleted.items():
        keys = [f for f in model._meta.concrete_fields if f.many_to_one]
        links = history_of(model).tracked_links()
        for record in records:
            for key in keys:
                value = getattr(record, key.attname)
                if value is not None and value not in ids.get(key.related_model, ()):
                    wanted[key.related_model].add(value)
            for m2m in links:
                wanted[m2m.related_model].update(
                    t for t in linked_ids(record, m2m) if t not in ids.get(m2m.related_model, ())
                )
    missing = []
    for model, pks in wanted.items():
        found = set(model._base_manager.filter(pk__in=pks).values_list("pk", flat=True))
        if gone := sorted(pks - found, key=str):
            missing.append(f"{model._meta.verbose_name_plural} {', '.join(map(str, gone))}")
    if missing:
        raise RestoreRefused(
            f"It refers to rows deleted since ({'; '.join(missing)}); restore those first."
        )


def insert_order(models):
    """Models referred to before those that refer to them."""
    order, pending = [], list(models)
    while pending:
        ready = [
            m
            for m in pending
            if not any(
                f.many_to_one and f.related_model in pending and f.related_model is not m
                for f in m._meta.concrete_fields
            )
        ]
        if not ready:  # a cycle: the database checks the keys at the end of the transaction
            ready = pending[:1]
        order += ready
        pending = [m for m in pending if m not in ready]
    return order


def write_rows(deleted):
    """Insert the deleted rows and their links, keys and all as the deletion recorded them."""
    restored = {}
    for model in insert_order(list(deleted)):
        restored[model] = model._base_manager.bulk_create(
            [record.instance for record in deleted[model]]
        )
    for model, records in deleted.items():
        for m2m in history_of(model).tracked_links():
            through = m2m.remote_field.through
            columns = [f.attname for f in through._meta.concrete_fields]
            through._base_manager.bulk_create(
                through(**{c: getattr(row, c) for c in columns})
                for record in records
                for row in getattr(record, m2m.name).all()
            )
    return restored


def relink(altered, ids):
    """Give the rows that stayed the links and keys to restored rows they had before the
    deletion. Yields each row changed."""
    first = {}
    for model, records in altered.items():
        for record in records:
            first.setdefault((model, getattr(record, model._meta.pk.attname)), record)
    for (model, pk), record in first.items():
        before = record.prev_record
        row = model._base_manager.filter(pk=pk).first()
        if before is None or row is None:
            continue
        keys = {
            key.attname: value
            for key in model._meta.concrete_fields
            if key.many_to_one
            and (value := getattr(before, key.attname)) in ids.get(key.related_model, ())
            and getattr(row, key.attname) is None
        }
        if keys:
            model._base_manager.filter(pk=pk).update(**keys)
            for name, value in keys.items():
                setattr(row, name, value)
        added = [relink_m2m(row, m2m, before, ids) for m2m in history_of(model).tracked_links()]
        if keys or any(added):
            yield row


def relink_m2m(row, m2m, before, ids):
    """Links of `row` through `m2m` to restored rows, as `before` had them; their number."""
    restorable = ids.get(m2m.related_model, ())
    now = set(getattr(row, m2m.name).values_list("pk", flat=True))
    back = {
        t: tid for t, tid in linked_ids(before, m2m).items() if t in restorable and t not in now
    }
    if not back:
        return 0
    through = m2m.remote_field.through
    taken = set(through._base_manager.filter(pk__in=back.values()).values_list("pk", flat=True))
    owner, target = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
    through._base_manager.bulk_create(
        through(**{owner: row.pk, target: t}, **({} if tid in taken else {"pk": tid}))
        for t, tid in back.items()
    )
    return len(back)
