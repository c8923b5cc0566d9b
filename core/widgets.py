"""Widgets written in Python. Django's selects render each option through a template of its
own, and build a dictionary of attributes for each, which costs a list page with three selects
of 200 economies more than the rest of the page together. An input is two templates (itself
and its attributes), rendered anew for every input of every form. The HTML is the same as
Django's templates write."""

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from .markup import escaped


def attributes(attrs):
    """As `django/forms/widgets/attrs.html` writes them."""
    return mark_safe(
        "".join(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{conditional_escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


def written_options(choices):
    """The options of `choices` as `django/forms/widgets/select.html` writes them, each as
    (its value as text, its HTML, its HTML selected); a choice whose label is a list is a
    group, whose opening and closing tags have no value (None)."""
    written = []
    for option_value, option_label in choices:
        if option_value is None:
            option_value = ""
        grouped = isinstance(option_label, list | tuple)
        if grouped:
            written.append((None, f'\n  <optgroup label="{escaped(option_value)}">', None))
        for subvalue, sublabel in option_label if grouped else [(option_value, option_label)]:
            head, tail = (
                f'\n  <option value="{escaped(subvalue)}"',
                f">{escaped(sublabel)}</option>\n",
            )
            written.append((str(subvalue), head + tail, f"{head} selected{tail}"))
        if grouped:
            written.append((None, "\n  </optgroup>", None))
    return written


class QuickSelectMixin:
    """`optgroups` and `django/forms/widgets/select.html` in one pass over the options
    (`written_options`, or the choices' own `written()` where they keep them written): an
    option is selected when its value is among the widget's values (only the first such one
    unless the select takes several)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        values = set(self.selected_values(value))
        written = getattr(self.choices, "written", None)
        has_selected = False
        parts = []
        for text, html, selected_html in written() if written else written_options(self.choices):
            selected = (not has_selected or self.allow_multiple_selected) and text in values
            has_selected |= selected
            parts.append(selected_html if selected else html)
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            attributes(attrs),
            mark_safe("".join(parts)),
        )

    def selected_values(self, value):
        """The values as text of the options to select."""
        return self.format_value(value)


class QuickSelect(QuickSelectMixin, forms.Select):
    pass


class QuickSelectMultiple(QuickSelectMixin, forms.SelectMultiple):
    pass


class QuickNullBooleanSelect(QuickSelectMixin, forms.NullBooleanSelect):
    def selected_values(self, value):
        # Django's NullBooleanSelect gives one value, "unknown", "true" or "false".
        return [self.format_value(value)]


class QuickInputMixin:
    """`django/forms/widgets/input.html` written in Python: the value (as the widget formats
    it) unless None, then the attributes."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        written = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            written,
            attributes(widget["attrs"]),
        )


class QuickTextInput(QuickInputMixin, forms.TextInput):
    pass


class QuickDateInput(QuickInputMixin, forms.DateInput):
    pass
