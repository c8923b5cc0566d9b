"""A form written as `<div>`s in Python: Django's `django/forms/div.html` renders a template
for each field and another for each label, which costs a filter form of nine fields more than
its widgets. The HTML is the same as Django's templates write."""

from django import forms
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

# What div.html writes between one field's <div> and the next, and at the end of the last
# one (where it writes the hidden fields, of which a quick form has none).
BETWEEN = "\n\n  "
FIELD_END = "\n    \n</div>"
LAST_FIELD_END = "\n    \n      \n    \n</div>"


class QuickDivForm(forms.Form):
    """`as_div` written in Python for a form whose fields are plain: visible, each with a
    label (and perhaps help text), without a fieldset, the form without errors or error and
    required CSS classes. Any other form is written by Django's templates."""

    def as_div(self):
        fields = [self[name] for name in self.fields]
        if not self.is_plain(fields):
            return super().as_div()
        last = len(fields) - 1
        return mark_safe(
            BETWEEN.join(
                f"<div>\n    {label_tag(field)}\n\n{help_text(field)}\n\n{field}"
                + (LAST_FIELD_END if index == last else FIELD_END)
                for index, field in enumerate(fields)
            )
        )

    def is_plain(self, fields):
        return (
            bool(fields)
            and not (self.is_bound and self.errors)
            and not getattr(self, "required_css_class", None)
            and not getattr(self, "error_css_class", None)
            and all(
                field.label
                and not field.is_hidden
                and not field.use_fieldset
                and not field.field.show_hidden_initial
                for field in fields
            )
        )


def help_text(field):
    """The help text as `django/forms/field.html` writes it (unescaped, as its `|safe`)."""
    if not field.help_text:
        return ""
    id_ = f' id="{field.auto_id}_helptext"' if field.auto_id else ""
    return f'<div class="helptext"{id_}>{field.help_text}</div>'


def label_tag(field):
    """`BoundField.label_tag()` as `django/forms/label.html` writes it, for a form without a
    required CSS class."""
    suffix = field.field.label_suffix
    if suffix is None:
        suffix = field.form.label_suffix
    label = field.label
    if suffix and label and label[-1] not in ":?.!":
        contents = format_html("{}{}", label, suffix)
    else:
        contents = conditional_escape(label)
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    if not id_:
        return contents
    for_label = widget.id_for_label(id_)
    attrs = f' for="{escape(for_label)}"' if for_label else ""
    return f"<label{attrs}>{contents}</label>"
