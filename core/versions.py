"""The version of a record as an editor saw it: compared when the edit is saved, so that an
edit made meanwhile by someone else is never overwritten unseen.

`fingerprint` is the one hash behind every version: the API's ETags (`core.api.etags`) and
the admin's change forms (`stored_state`).
"""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder


def fingerprint(state):
    """A strong ETag (quoted) for a JSON-able state: equal states, equal tags."""
    text = json.dumps(state, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)
    return f'"{hashlib.sha256(text.encode()).hexdigest()[:32]}"'


def row_state(obj):
    """A row's stored values and many-to-many links (read from a prefetch when there is one)."""
    state = {f.attname: f.value_from_object(obj) for f in obj._meta.concrete_fields}
    for m2m in obj._meta.many_to_many:
        state[m2m.name] = sorted((row.pk for row in getattr(obj, m2m.name).all()), key=str)
    return state


def with_links(rows):
    """`rows` with their many-to-many links read in one query per link, not one per row."""
    return rows.prefetch_related(*(m2m.name for m2m in rows.model._meta.many_to_many))


def stored_state(obj, children=()):
    """The version of `obj` and of the rows of the `children` querysets (its inlines)."""
    return fingerprint(
        [
            row_state(obj),
            *[[row_state(row) for row in with_links(rows.order_by("pk"))] for rows in children],
        ]
    )
