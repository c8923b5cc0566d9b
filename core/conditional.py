"""Conditional GETs answered before any work is done.

A list or a page of the tracker changes only when the data change (`DataVersion`, bumped on
every write), when the day changes (statuses and rates are shown as of today), with who asks
(an editor sees links a visitor does not) and with the form asked for (JSON, CSV, the
browsable API). So those four make a weak ETag, and the day's start or the data's last change,
whichever is later, the Last-Modified. A client that sends either back gets its 304 for the
one query that reads the version, before the view reads anything else.
"""

import datetime as dt
import hashlib

from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.views.decorators.http import condition

from .models import DataVersion


def read_state(request):
    """(weak ETag, Last-Modified) of what a read of the tracker's data answers today; read
    once per request."""
    known = getattr(request, "_read_state", None)
    if known is not None:
        return known
    version = data_version(request)
    today = dt.date.today()
    user = getattr(request, "user", None)
    who = user.pk if user is not None and user.is_authenticated else 0
    accept = request.META.get("HTTP_ACCEPT", "")
    key = f"{version.isoformat()}|{today.isoformat()}|{who}|{accept}"
    etag = f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
    day_start = timezone.make_aware(dt.datetime.combine(today, dt.time()))
    request._read_state = (etag, max(version, day_start))
    return request._read_state


def data_version(request):
    """`DataVersion.latest()`, read once per request with the duty data's version, both kept
    as the request's (`DataVersion.read_for_request`)."""
    if getattr(request, "_data_version", None) is None:
        request._data_version = DataVersion.read_for_request()
    return request._data_version


def unchanged_response(request):
    """(a 304, or a 412, when the request's conditions say the client's copy is current, else
    None; the ETag to send with a full answer)."""
    etag, last_modified = read_state(request)
    answer = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified.timestamp())
    )
    return answer, etag


def etag_of_read(request, *args, **kwargs):
    return read_state(request)[0]


def last_modified_of_read(request, *args, **kwargs):
    return read_state(request)[1]


# For a page's view: `@answers_unchanged` answers a 304 before the view runs.
answers_unchanged = condition(etag_func=etag_of_read, last_modified_func=last_modified_of_read)
