"""The long lists of a negotiation's page, written in Python: the timeline's events, the
board's columns of items and the glance's links to dropped items. A page shows sixty events
and a hundred items with their steps and sources; through the template language each value
costs a lookup, a filter and an escape of its own, and the lists cost more than the rest of
the page. Every value is escaped here as the template would escape it, and the markup is
the same.
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


@register.simple_tag(name="item_links")
def item_links(items):
    """`{% item_links items %}`: a link to each concession's item on the board, by its title,
    separated by semicolons (a negotiation may have dropped dozens)."""
    return mark_safe(
        "; ".join(f'<a href="#concession-{item.pk}">{escape(item.title)}</a>' for item in items)
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
    """`truncatechars`, escaped, kept per text: the products' descriptions recur on every
    page."""
    return escape(Truncator(text).chars(length))


# `escape`, kept for the short values every board repeats: labels, codes, addresses.
recurring = lru_cache(maxsize=4096)(escape)


def step_item(date, label, round_link, day):
    at = (
        f' (<a href="{recurring(round_link.url)}">round {round_link.sequence}</a>)'
        if round_link
        else ""
    )
    return f"<li>{day(date)} {recurring(label)}{at}</li>"


def board_item(item, day, language):
    concession = item.concession
    details = [recurring(concession.kind_label)]
    if concession.commodity_id:
        description = cut(concession.commodity_description, 40, language)
        details.append(
            f' · HS <a href="{recurring(concession.commodity_url)}">'
            f"{recurring(concession.commodity_id)}</a> {description}"
        )
    if concession.amount is not None:
        details.append(f" · {escape(format_amount(concession.amount, concession.amount_unit))}")
    details.append(f" · to {recurring(concession.receiver_iso3)}")
    steps = "\n".join(step_item(*step, day) for step in item.steps)
    return (
        f'<li id="concession-{concession.pk}" class="board-item">\n'
        f"  <strong>{escape(concession.title)}</strong>\n"
        f'  <span class="muted">{"".join(details)}</span>\n'
        f'  <ol class="steps" aria-label="How it moved">\n{steps}\n  </ol>\n'
        f"  {source_list(concession.sources, day)}\n"
        "</li>"
    )


def board_items(items, day, language):
    """A board column's items as a list."""
    return "<ul>\n" + "\n".join(board_item(item, day, language) for item in items) + "\n</ul>"


def board_column(giver, column, path, day, language):
    iso3 = escape(giver.iso3)
    if column.hidden:
        after = (
            f'<p><a href="?column={iso3}-{escape(column.status)}#board-{iso3}" '
            f'data-testid="board-more">{column.hidden} more</a></p>'
        )
    elif column.opened:
        after = f'<p><a href="{escape(path)}#board-{iso3}">Show the newest only</a></p>'
    else:
        after = ""
    label = escape(str(column.label))
    return (
        f'<section class="board-column" role="listitem" aria-label="{label}">\n'
        f'  <h4><span class="firmness firmness-{escape(column.status)}">{label}</span> '
        f'<span class="muted">({column.total})</span></h4>\n'
        f"  {board_items(column.items, day, language)}\n"
        f"  {after}\n"
        "</section>"
    )


def board_side(giver, columns, path, day, language):
    iso3 = escape(giver.iso3)
    shown = "\n".join(
        board_column(giver, column, path, day, language) for column in columns if column.total
    )
    return (
        f'<section class="side" aria-labelledby="board-{iso3}" data-testid="board-{iso3}">\n'
        f'<h3 id="board-{iso3}">{escape(giver.name)} gives</h3>\n'
        f'<div class="board" role="list">\n{shown}\n</div>\n'
        "</section>"
    )


@register.simple_tag(name="board")
def board_sides(board, path):
    """`{% board page.board request.path %}`: each side's columns of items, the columns with
    any item; a column that hides some links to itself shown whole (`?column=`), and the
    column shown whole (opened) links back to the page at `path`."""
    day, language = day_writer(), get_language()
    sides = "\n".join(
        board_side(giver, columns, path, day, language) for giver, columns in board.items()
    )
    return mark_safe(sides or "<p>No concession or request recorded.</p>")
