"""Addresses of records' pages, as `reverse` gives them, with the URL resolver asked once per
address name instead of once per record.

A page lists hundreds of links to rounds, measures, products and sources; `reverse` walks the
URL patterns for each. Here the first record's address is reversed as usual and split around
its key; every later record of that name puts its own key in the same place. The split is kept
per URL configuration and script prefix, the two things besides the key that `reverse` reads.
"""

from urllib.parse import quote

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

# What `reverse` leaves unquoted in a path.
SAFE = RFC3986_SUBDELIMS + "/~:@"

# (name, URL configuration, script prefix) -> (head, tail), or () when the key is not a path
# segment of its own and the address is reversed every time.
_splits = {}


def detail_path(name, key):
    """The address of the page named `name` whose one argument is `key`: the same string as
    `reverse(name, args=[key])`."""
    return _path(name, key, get_urlconf(), get_script_prefix())


def path_writer(name):
    """`detail_path` of `name` for the many records of one list, as a function of the key:
    the URL configuration and the script prefix (each a context variable) read once."""
    urlconf, prefix = get_urlconf(), get_script_prefix()
    return lambda key: _path(name, key, urlconf, prefix)


def _path(name, key, urlconf, prefix):
    # A whole number, or a code of ASCII letters and digits, has nothing to quote.
    plain = type(key) is int or (type(key) is str and key.isascii() and key.isalnum())
    segment = f"/{key}" if plain else "/" + quote(str(key), safe=SAFE)
    place = (name, urlconf, prefix)
    split = _splits.get(place)
    if split is None:
        url = reverse(name, urlconf=place[1], args=[key])
        head, found, tail = url.rpartition(segment)
        _splits[place] = (head, tail) if found and segment not in tail else ()
        return url
    if not split:
        return reverse(name, urlconf=place[1], args=[key])
    return f"{split[0]}{segment}{split[1]}"


@receiver(setting_changed)
def forget_splits(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _splits.clear()
