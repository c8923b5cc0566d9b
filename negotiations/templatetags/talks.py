"""The long lists of a negotiation's page, written in Python: the timeline's events and the
board's items. A page shows sixty events and a hundred items with their steps and sources;
through the template language each value costs a lookup, a filter and an escape of its own,
and the lists cost more than the rest of the page. Every value is escaped here as the template
would escape it, and the markup is the same.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from core.templatetags.dates import day_element
from core.templatetags.money import format_amount
from core.templatetags.sources import source_list

register = template.Library()


def event_item(event):
    description = f"<p>{escape(event.description)}</p>" if event.description else ""
    return (
        f'  <li class="event event-{escape(event.kind)}">\n'
        f"    {day_element(event.date)}\n"
        f'    <span class="event-kind">{escape(event.kind[:1].upper() + event.kind[1:])}'
        "</span>\n"
        f'    <a href="{escape(event.url)}">{escape(event.title)}</a>\n'
        f"    {description}\n"
        f"    {source_list(event.sources)}\n"
        "  </li>"
    )


@register.simple_tag(name="timeline")
def timeline_list(events):
    """`{% timeline events %}`: the events as an ordered list, in the order given."""
    items = "\n".join(event_item(event) for event in events) or "  <li>Nothing recorded yet.</li>"
    return mark_safe(f'<ol class="timeline">\n{items}\n</ol>')


def step_item(date, label, round_link, days):
    if date not in days:
        days[date] = day_element(date)
    at = (
        f' (<a href="{escape(round_link.url)}">round {round_link.sequence}</a>)'
        if round_link
        else ""
    )
    return f"<li>{days[date]} {escape(label)}{at}</li>"


def board_item(item, days):
    concession = item.concession
    details = [escape(concession.kind_label)]
    if concession.commodity_id:
        description = Truncator(concession.commodity_description).chars(40)
        details.append(
            f' · HS <a href="{escape(concession.commodity_url)}">'
            f"{escape(concession.commodity_id)}</a> {escape(description)}"
        )
    if concession.amount is not None:
        details.append(f" · {escape(format_amount(concession.amount, concession.amount_unit))}")
    details.append(f" · to {escape(concession.receiver_iso3)}")
    steps = "\n".join(step_item(*step, days) for step in item.steps)
    return (
        f'<li id="concession-{concession.pk}" class="board-item">\n'
        f"  <strong>{escape(concession.title)}</strong>\n"
        f'  <span class="muted">{"".join(details)}</span>\n'
        f'  <ol class="steps" aria-label="How it moved">\n{steps}\n  </ol>\n'
        f"  {source_list(concession.sources)}\n"
        "</li>"
    )


@register.simple_tag(name="board_items")
def board_items(items):
    """`{% board_items column.items %}`: a board column's items as a list."""
    days = {}  # each day's <time> element, written once
    return mark_safe("<ul>\n" + "\n".join(board_item(item, days) for item in items) + "\n</ul>")
