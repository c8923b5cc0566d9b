"""What a client locked out by django-axes is told, on the admin's login form and the API's."""

import math

from axes.helpers import get_cool_off
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timesince


def cool_off_seconds(request=None) -> int:
    return math.ceil(get_cool_off(request).total_seconds())


def lockout_message(request=None) -> str:
    now = timezone.now()
    wait = timesince(now - get_cool_off(request), now)
    return (
        "Too many failed logins: this username cannot log in from your address for "
        f"{wait} after the last try, even with the right password. Wait, or ask an "
        "administrator to unlock it."
    )


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' lockout callable: a page saying why and for how long, with 429."""
    response = render(
        request,
        "registration/locked_out.html",
        {"message": lockout_message(request), "title": "Login locked"},
        status=429,
    )
    response["Retry-After"] = str(cool_off_seconds(request))
    return response
