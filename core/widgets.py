"""Select widgets whose options are written in Python: Django's render each option through a
template of its own, which costs a list page with three selects of 200 economies more than
the rest of the page together. The HTML is the same as Django's templates write."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def attributes(attrs):
    """As `django/forms/widgets/attrs.html` writes them."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def option(choice):
    return format_html(
        '\n  <option value="{}"{}>{}</option>\n',
        choice["value"],
        attributes(choice["attrs"]),
        choice["label"],
    )


class QuickSelectMixin:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, group_choices, _index in widget["optgroups"]:
            options = mark_safe("".join(option(choice) for choice in group_choices))
            if group_name:
                parts.append(
                    format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, options)
                )
            else:
                parts.append(options)
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            attributes(widget["attrs"]),
            mark_safe("".join(parts)),
        )


class QuickSelect(QuickSelectMixin, forms.Select):
    pass


class QuickSelectMultiple(QuickSelectMixin, forms.SelectMultiple):
    pass
