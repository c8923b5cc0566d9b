"""Checks made before a view runs: the size of an API request's body, and NUL characters in an
address (no database stores them, so they are a 400 naming the parameter, not a server error).
"""

from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.http import JsonResponse
from django.shortcuts import render

from .api.exceptions import is_api, json_error

NUL = "\x00"
NUL_MESSAGE = str(ProhibitNullCharactersValidator.message)


def content_length(request):
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class ApiBodySizeMiddleware:
    """A 413 for an API body over `API_MAX_BODY_BYTES`, from its Content-Length, before
    anything reads it (Django reads no further than the Content-Length says)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.API_MAX_BODY_BYTES
        if is_api(request) and content_length(request) > limit:
            return json_error(
                413,
                f"The request body is {content_length(request):,} bytes; the API takes at "
                f"most {limit:,} bytes in one request.",
            )
        return self.get_response(request)


def printable(name):
    return name.replace(NUL, "\\x00")


def fields_with_nul(view_kwargs, query):
    """The address's parameters (the path's, then the query's) holding a NUL character."""
    fields = [
        name for name, value in view_kwargs.items() if isinstance(value, str) and NUL in value
    ]
    for name, values in query.lists():
        if NUL in name or any(NUL in value for value in values):
            fields.append(printable(name))
    return fields


class RefuseNulCharactersMiddleware:
    """A 400 naming each parameter of the address (path or query) that holds a NUL character:
    JSON under /api/, a page elsewhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        fields = fields_with_nul(view_kwargs, request.GET)
        if not fields:
            return None
        errors = {name: [NUL_MESSAGE] for name in fields}
        if is_api(request):
            return JsonResponse(errors, status=400)
        return render(request, "core/bad_request.html", {"errors": errors}, status=400)
