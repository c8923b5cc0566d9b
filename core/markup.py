"""HTML written in Python for pages of many rows: what the templates would write, without a
template node and a context lookup per cell (and, with `core.paths`, no `reverse` per row)."""

from html import escape

from django.utils.functional import Promise


def escaped(value):
    """As a template writes a value: safe text as it is, anything else escaped."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))
