"""Select widgets whose options are written in Python: Django's render each option through a
template of its own, and builds a dictionary of attributes for each, which costs a list page
with three selects of 200 economies more than the rest of the page together. The HTML is the
same as Django's templates write."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .markup import escaped


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


class QuickSelectMixin:
    """`optgroups` and `django/forms/widgets/select.html` in one pass over the choices: an
    option is selected when its value is among the widget's values (only the first such one
    unless the select takes several); a choice whose label is a list is a group."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        values = set(self.format_value(value))
        has_selected = False
        parts = []
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, list | tuple)
            if grouped:
                parts.append(f'\n  <optgroup label="{escaped(option_value)}">')
            for subvalue, sublabel in option_label if grouped else [(option_value, option_label)]:
                text = str(subvalue)
                selected = (not has_selected or self.allow_multiple_selected) and text in values
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{escaped(subvalue)}"{" selected" if selected else ""}>'
                    f"{escaped(sublabel)}</option>\n"
                )
            if grouped:
                parts.append("\n  </optgroup>")
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            attributes(attrs),
            mark_safe("".join(parts)),
        )


class QuickSelect(QuickSelectMixin, forms.Select):
    pass


class QuickSelectMultiple(QuickSelectMixin, forms.SelectMultiple):
    pass
