"""The sources behind a fact, as every page lists them: `{% sources fact.sources.all %}`.

Each source is its kind (an official act, a press report...), its title (a link when it has an
address), its publisher and the day it was published. Written in Python, every value escaped:
a page lists a hundred of these, and a template included per fact costs more than the fact.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from core.models import Source

from .dates import day_writer

register = template.Library()

KINDS = dict(Source.Kind.choices)


def source_item(source, day):
    """One source, as a list item (HTML, escaped); `day` writes its date."""
    title = escape(source.title)
    if source.url:
        title = f'<a href="{escape(source.url)}" rel="external noopener">{title}</a>'
    published = f", {day(source.published_on)}" if source.published_on else ""
    kind = escape(source.kind)
    label = escape(str(KINDS.get(source.kind, source.kind)))
    return (
        f'<li><span class="badge badge-{kind}">{label}</span> {title}, '
        f"{escape(source.publisher)}{published}</li>"
    )


@register.simple_tag(name="sources")
def source_list(sources, day=None):
    """The sources as a list; nothing when there is none. `day`: a `day_writer`, when the
    caller writes many lists."""
    day = day or day_writer()
    items = "\n".join(source_item(source, day) for source in sources or ())
    if not items:
        return ""
    return mark_safe(f'<ul class="sources" aria-label="Sources">{items}</ul>')
