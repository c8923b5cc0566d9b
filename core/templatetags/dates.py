"""Dates as every page writes them: "22 Jul 2025", in a <time> element for machines.

One home for the format, and a cheap one: a page lists hundreds of dates, most of them the same
few days, and Django's `date` filter formats each anew.
"""

import datetime as dt
from functools import lru_cache

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()

DAY = "j M Y"


@lru_cache(maxsize=4096)
def _day(value: dt.date, language: str) -> str:
    return format_date(value, DAY)


def as_day(value):
    """A date, or the local date of a datetime."""
    if isinstance(value, dt.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


def day_text(value) -> str:
    """ "22 Jul 2025"; "" for None."""
    if value is None:
        return ""
    return _day(as_day(value), get_language())


@lru_cache(maxsize=4096)
def _day_html(value: dt.date, language: str):
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), _day(value, language))


@register.filter
def day(value):
    """{{ date|day }}: the date as text."""
    return day_text(value)


@register.simple_tag(name="day")
def day_element(value):
    """{% day date %}: the date in a <time> element; nothing for None."""
    if value is None:
        return ""
    return _day_html(as_day(value), get_language())


def day_writer():
    """`day_element` for the many dates of one list: the language read once."""
    language = get_language()

    def write(value):
        return "" if value is None else _day_html(as_day(value), language)

    return write
