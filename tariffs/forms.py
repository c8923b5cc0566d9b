import datetime as dt
from html import escape

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from commodities.models import Commodity
from core.forms import QuickDivForm
from core.models import Economy

PRODUCT_CODE = r"^([0-9]{6}|[0-9]{8}|[0-9]{10})$"


def economy_label(name, iso3):
    return f"{name} ({iso3})"


class EconomyChoices(ModelChoiceIterator):
    """The economies as (ISO code, label) from two columns: a list of two hundred economies
    is shown on every lookup, and whole model instances are not needed to write it."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for name, iso3 in self.queryset.values_list("name", "iso3"):
            yield (iso3, economy_label(name, iso3))


class ReadOnce:
    """Choices read when first listed and kept: the form's two lists of economies share
    one read."""

    def __init__(self, choices):
        self.choices, self.read = choices, None

    def __iter__(self):
        if self.read is None:
            # Through iter(): list() would ask the choices their length first, a COUNT query.
            self.read = list(iter(self.choices))
        return iter(self.read)


class PlainSelect(forms.Select):
    """A single choice list written out directly: the same HTML as Django's Select (escaped
    as Django's `escape` does, with `html.escape`), without a template rendered per option."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(str(choice))}"{" selected" if str(choice) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for choice, label in self.choices
        )
        final = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, final, mark_safe(options))


class EconomyCodeChoiceField(forms.ModelChoiceField):
    iterator = EconomyChoices
    widget = PlainSelect
    default_error_messages = {
        "invalid_choice": "Unknown economy: use an ISO alpha-3 code such as JPN.",
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=Economy.objects.order_by("name"), to_field_name="iso3", **kwargs)

    def label_from_instance(self, economy):
        return economy_label(economy.name, economy.iso3)


class TariffLookupForm(QuickDivForm):
    """What the tariff lookup asks, in the page's form and in the API's query string alike."""

    importer = EconomyCodeChoiceField(help_text="The economy whose tariffs apply, e.g. USA.")
    exporter = EconomyCodeChoiceField(help_text="Where the goods come from, e.g. JPN.")
    hs = forms.RegexField(
        PRODUCT_CODE,
        label="HS code",
        help_text="The product: 6, 8 or 10 digits, e.g. 870323.",
        error_messages={"invalid": "A product's HS code has 6, 8 or 10 digits, e.g. 870323."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    date = forms.DateField(
        required=False,
        # ISO only: 10/04/2025 means April to some readers and October to others.
        input_formats=["%Y-%m-%d"],
        help_text="YYYY-MM-DD; today when left empty.",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date as YYYY-MM-DD."},
    )

    known_on = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        label="As the law read on",
        help_text="YYYY-MM-DD; empty: as the law reads now, retroactive changes included.",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date as YYYY-MM-DD."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The economy lists the form has (a subclass may drop one) share one read.
        names = [name for name in ("importer", "exporter") if name in self.fields]
        if names:
            economies = ReadOnce(self.fields[names[0]].choices)
            for name in names:
                self.fields[name].widget.choices = economies

    def clean_date(self):
        return self.cleaned_data.get("date") or dt.date.today()

    def clean_hs(self):
        code = self.cleaned_data["hs"]
        if not Commodity.objects.filter(code=code[:6]).exists() and not (
            Commodity.objects.filter(code=code[:4]).exists()
        ):
            raise forms.ValidationError(f"Unknown HS code: {code[:6]} is not in the nomenclature.")
        return code

    def product(self):
        """The product's entry in the nomenclature, where the table has it."""
        code = self.cleaned_data["hs"]
        return Commodity.objects.covering(code).order_by("-level").first()


class OnDateForm(forms.Form):
    """`?on=YYYY-MM-DD`: the date a measure's status and rate are given for (today if absent).

    The measures API (list, detail, CSV) and the measure pages read it through this form.
    """

    on = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter a date as YYYY-MM-DD."},
    )

    def on_date(self):
        """The date asked for, None for today; raises nothing (check is_valid first)."""
        return self.cleaned_data.get("on") if self.is_valid() else None


class EffectiveRateForm(forms.Form):
    """What the effective tariff rate asks: two economies and a range of months."""

    importer = EconomyCodeChoiceField(help_text="The economy whose tariffs apply, e.g. USA.")
    exporter = EconomyCodeChoiceField(help_text="Where the goods come from, e.g. JPN.")
    start = forms.DateField(input_formats=["%Y-%m-%d"], help_text="First day, YYYY-MM-DD.")
    end = forms.DateField(
        required=False, input_formats=["%Y-%m-%d"], help_text="Last day; default today."
    )
    known_on = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="Answer as the law read on this day; default: as it reads now.",
    )
    MAX_MONTHS = 120

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end") or dt.date.today()
        data["end"] = end
        if start and end < start:
            self.add_error("end", "The end comes after the start.")
        elif start and (end.year - start.year) * 12 + end.month - start.month >= self.MAX_MONTHS:
            self.add_error("end", f"At most {self.MAX_MONTHS} months at a time.")
        return data
