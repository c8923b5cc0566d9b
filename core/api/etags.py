"""One ETag per API record: answered by a detail's GET, compared by its writes' If-Match.

It is the fingerprint of the detail's representation less what is computed per request (links
to the API, which carry the host, and values derived on a date, such as a measure's status
today): it changes when the record, its nested children or what it embeds change, whatever
the host or the day.
"""

from django.utils.http import parse_etags
from rest_framework import serializers

from ..versions import fingerprint

PER_REQUEST = (serializers.SerializerMethodField, serializers.HyperlinkedRelatedField)


def stored_part(field, data):
    if isinstance(field, serializers.ListSerializer) and isinstance(data, list):
        return [stored_part(field.child, item) for item in data]
    if isinstance(field, serializers.Serializer) and isinstance(data, dict):
        fields = field.fields
        return {
            name: stored_part(fields.get(name), value)
            for name, value in data.items()
            if not per_request(fields.get(name))
        }
    return data


def per_request(field):
    if isinstance(field, serializers.ManyRelatedField):
        field = field.child_relation
    return isinstance(field, PER_REQUEST)


def representation_etag(serializer):
    """The ETag of the record a detail serializer represents."""
    return fingerprint(stored_part(serializer, serializer.data))


def if_match_passes(header, etag):
    """Whether an If-Match header names `etag` (strong comparison; `*` matches any)."""
    tags = parse_etags(header)
    return tags == ["*"] or any(tag == etag for tag in tags if not tag.startswith("W/"))
