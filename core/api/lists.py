"""An API list of this site named by its address, run as a GET of that address would run it.

A background export keeps the path and query it was asked for; its task sets the list's own
viewset up for that path and the user who asked, with the same permissions, queryset,
filterset, ordering and serializer, and writes the same CSV.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, QueryDict
from django.urls import Resolver404, resolve
from rest_framework.request import Request

# What a list's query may hold that says nothing of its rows: the format and the page.
NOT_FILTERS = ("format", "page", "page_size", "cursor")
EXAMPLE = "/api/v1/trade-flows/?reporter=JPN"


def list_path(address, host=None):
    """The path and query of the API list at `address` (a path, or a URL on `host`), without
    format or page; ValueError saying why when it is not one."""
    address = address.strip()
    if any(ord(character) < 32 or ord(character) == 127 for character in address):
        raise ValueError("The address holds control characters.")
    parts = urlsplit(address)
    if parts.scheme or parts.netloc:
        same_site = (
            parts.scheme in ("http", "https")
            and host is not None
            and parts.netloc.lower() == host.lower()
        )
        if not same_site:
            raise ValueError(
                f"Only this site's own API lists can be exported: give a path such as {EXAMPLE}."
            )
    if not parts.path.startswith("/"):
        raise ValueError(f"Give the path of an API list, such as {EXAMPLE}.")
    if not _list_viewset(parts.path):
        raise ValueError(f"{parts.path} is not an API list of this site, such as {EXAMPLE}.")
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name not in NOT_FILTERS
    ]
    return parts.path + (f"?{urlencode(query)}" if query else "")


def _list_viewset(path):
    """The view function of the API list at `path`, or None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    view = match.func
    cls = getattr(view, "cls", None)
    actions = getattr(view, "actions", None) or {}
    if cls is None or actions.get("get") != "list" or not hasattr(cls, "csv_chunks"):
        return None
    return view


def list_view(path, user):
    """The viewset of the list at `path` (from `list_path`), set up for a GET by `user` with
    its permissions checked (PermissionDenied or NotAuthenticated otherwise)."""
    parts = urlsplit(path)
    view_function = _list_viewset(parts.path)
    if view_function is None:
        raise ValueError(f"{parts.path} is not an API list of this site.")
    http_request = HttpRequest()
    http_request.method = "GET"
    http_request.path = http_request.path_info = parts.path
    http_request.META["QUERY_STRING"] = parts.query
    http_request.GET = QueryDict(parts.query)
    request = Request(http_request)
    request.user = user or AnonymousUser()

    view = view_function.cls(**view_function.initkwargs)
    view.action_map = view_function.actions
    view.action = "list"
    view.request = request
    view.args, view.kwargs = (), resolve(parts.path).kwargs
    view.format_kwarg = None
    view.headers = {}
    view.check_permissions(request)
    return view


def list_queryset(view):
    """What the list keeps, as its GET would filter and order it (ValidationError naming the
    filter otherwise)."""
    queryset = view.filter_queryset(view.get_queryset())
    view.get_serializer_context()  # a list may validate more of its query there (`on`)
    return queryset
