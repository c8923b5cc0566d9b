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
        self._addresses = {}

    def get_url(self, obj, view_name, request, format):
        # This field (a copy per serializer) writes the addresses of one request's records.
        address = self._addresses.get((id(request), format))
        if address is None:
            address = self.addresses(request, format)
            self._addresses = {(id(request), format): address}
        return address(getattr(obj, self.lookup_field))

    def addresses(self, request, format=None):
        """A function giving the detail's address of the record whose key it is given, for
        `request` and `format`: the first address reversed, the later ones written from it."""
        split = None

        def address(value):
            nonlocal split
            if value in (None, ""):
                return None
            # An integer's digits need no escaping.
            text = str(value)
            segment = "/" + (text if type(value) is int else quote(text, safe=""))
            if split is None:
                url = super(DetailURLField, self).get_url(
                    Key(self.lookup_field, value), self.view_name, request, format
                )
                head, found, tail = url.rpartition(segment)
                if not found:
                    return url  # the key is not a path segment of its own: reversed each time
                split = (head, tail)
                return url
            head, tail = split
            return f"{head}{segment}{tail}"

        return address


class Key:
    """What `HyperlinkedIdentityField.get_url` reads of a record: its key."""

    def __init__(self, name, value):
        setattr(self, name, value)
