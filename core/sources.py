"""When two sources are the same document entered twice: the one home of that rule.

Two sources are near-duplicates when they have the same address (its scheme, the case of its
host, a leading "www.", a trailing slash and a fragment set aside), or the same publisher and
title once case, accents, punctuation and spacing are set aside. Each source stores both keys
(`Source.url_key`, `Source.name_key`, filled on every insert and save), so that finding the
matches of a source is one query on two indexed columns, however many sources there are.
"""

import hashlib
import unicodedata
from urllib.parse import urlsplit

from django.db.models import Q


def folded(text):
    """`text` without case, accents, punctuation or spacing: letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(char for char in decomposed if char.isalnum())


def normal_url(url):
    """The address as compared: host in lower case without "www.", the path without its
    trailing slash, the query kept; the scheme and fragment left out. "" for no address."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url if "//" in url else f"//{url}")
    host = (parts.hostname or "").removeprefix("www.")
    try:
        port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    except ValueError:  # not a number: kept as written
        port = ""
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{port}{parts.path.rstrip('/')}{query}"


def digest(text):
    # A fixed-size key: a title folded from any script stays within an index entry's size.
    return hashlib.sha256(text.encode()).hexdigest() if text else ""


def url_key(url):
    return digest(normal_url(url))


def name_key(publisher, title):
    return digest(f"{folded(publisher)}\x1f{folded(title)}")


def source_keys(source):
    """The keys a source is stored with, by column."""
    return {
        "url_key": url_key(source.url),
        "name_key": name_key(source.publisher, source.title),
    }


def near_duplicates(publisher, title, url, exclude_pk=None):
    """The existing sources that are near-duplicates of one with these values (leaving out
    the source `exclude_pk`, the one being edited), in the sources' order."""
    from .models import Source

    match = Q(name_key=name_key(publisher, title))
    if key := url_key(url):
        match |= Q(url_key=key)
    found = Source.objects.filter(match)
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return list(found)
