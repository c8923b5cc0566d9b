"""The long lists of a negotiation's page, written in Python: the timeline's events and the
board's items. A page shows sixty events and a hundred items with their steps and sources;
through the template language each value costs a lookup, a filter and an escape of its own,
and the lists cost more than the rest of the page. Every value is escaped here as the template
would escape it, and the markup is the same.
"""

from functools import lru_cache
from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

from core.templatetags.dates import day_writer
from core.templatetags.money import format_amount
from core.templatetags.sources import source_list

register = template.Library()


def event_item(event, day):
    description = f"<p>{escape(event.description)}</p>" if event.description else ""
    return (
        f'  <li class="event event-{escape(event.kind)}">\n'
        f"    {day(event.date)}\n"
        f'    <span class="event-kind">{escape(event.kind[:1].upper() + event.kind[1:])}'
        "</span>\n"
        f'    <a href="{escape(event.url)}">{escape(event.title)}</a>\n'
        f"    {description}\n"
        f"    {source_list(event.sources, day)}\n"
        "  </li>"
    )


@register.simple_tag(name="timeline")
def timeline_list(events):
    """`{% timeline events %}`: the events as an ordered list, in the order given."""
    day = day_writer()
    items = "\n".join(event_item(event, day) for event in events)
    items = items or "  <li>Nothing recorded yet.</li>"
    return mark_safe(f'<ol class="timeline">\n{items}\n</ol>')


@lru_cache(maxsize=4096)
def cut(text, length, language):
    """`truncatechars`, kept per text: the products' descriptions recur on every page."""
    return Truncator(text).chars(length)


def step_item(date, label, round_link, day):
    at = (
        f' (<a href="{escape(round_link.url)}">round {round_link.sequence}</a>)'
        if round_link
        else ""
    )
    return f"<li>{day(date)} {escape(label)}{at}</li>"


def board_item(item, day):
    concession = item.concession
    details = [escape(concession.kind_label)]
    if concession.commodity_id:
        description = cut(concession.commodity_description, 40, get_language())
        details.append(
            f' · HS <a href="{escape(concession.commodity_url)}">'
            f"{escape(concession.commodity_id)}</a> {escape(description)}"
        )
    if concession.amount is not None:
        details.append(f" · {escape(format_amount(concession.amount, concession.amount_unit))}")
    details.append(f" · to {escape(concession.receiver_iso3)}")
    steps = "\n".join(step_item(*step, day) for step in item.steps)
    return (
        f'<li id="concession-{concession.pk}" class="board-item">\n'
        f"  <strong>{escape(concession.title)}</strong>\n"
        f'  <span class="muted">{"".join(details)}</span>\n'
        f'  <ol class="steps" aria-label="How it moved">\n{steps}\n  </ol>\n'
        f"  {source_list(concession.sources, day)}\n"
        "</li>"
    )


@register.simple_tag(name="board_items")
def board_items(items):
    """`{% board_items column.items %}`: a board column's items as a list."""
    day = day_writer()
    return mark_safe("<ul>\n" + "\n".join(board_item(item, day) for item in items) + "\n</ul>")
