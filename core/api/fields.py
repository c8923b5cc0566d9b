"""Fields that every list row uses, written so that a page of rows costs one URL lookup."""

from urllib.parse import quote

from rest_framework import serializers


class DetailURLField(serializers.HyperlinkedIdentityField):
    """The address of a record's detail, as `HyperlinkedIdentityField` gives it, with Django's
    URL resolver asked once per request and format instead of once per row.

    The first row's address is reversed as usual; its key's path segment is the place where
    every later row puts its own key (percent-encoded, as `reverse` does). An address whose key
    is not a path segment of its own is reversed every time.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._split = {}

    def get_url(self, obj, view_name, request, format):
        return self.address(getattr(obj, self.lookup_field), request, format)

    def address(self, value, request, format=None):
        """The detail's address of the record whose key is `value`."""
        if value in (None, ""):
            return None
        segment = "/" + quote(str(value), safe="")
        split = self._split.get((id(request), format))
        if split is None:
            url = super().get_url(Key(self.lookup_field, value), self.view_name, request, format)
            head, found, tail = url.rpartition(segment)
            if found:
                self._split = {(id(request), format): (head, tail)}
            return url
        head, tail = split
        return f"{head}{segment}{tail}"


class Key:
    """What `HyperlinkedIdentityField.get_url` reads of a record: its key."""

    def __init__(self, name, value):
        setattr(self, name, value)
