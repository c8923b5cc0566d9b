import datetime as dt

from django import forms
from django.utils.choices import BaseChoiceIterator

from commodities import hs
from commodities.models import Commodity
from core import kept
from core.forms import QuickDivForm
from core.kept import PerVersion
from core.models import DataVersion, Economy
from core.sql import Select, table
from core.widgets import QuickDateInput, QuickSelect, QuickTextInput, written_options

PRODUCT_CODE = r"^([0-9]{6}|[0-9]{8}|[0-9]{10})$"

# A product code's entries in the nomenclature, written once in SQL (`core.sql`).
COVERING = Select(
    [("c", Commodity, name) for name in ("code", "description", "level")],
    table(Commodity, "c"),
    'c."code" IN ({})',
)


def economy_label(name, iso3):
    return f"{name} ({iso3})"


EMPTY_LABEL = "---------"  # ModelChoiceField's

# The economies' options, written once per version of the data (`core.kept`): two lists of two
# hundred economies are on every lookup page.
economy_options = PerVersion(
    lambda version: written_options(
        [("", EMPTY_LABEL)]
        + [(e.iso3, economy_label(e.name, e.iso3)) for e in kept.economies(version).by_name]
    )
)


class EconomyChoices(BaseChoiceIterator):
    """A select's economies as (ISO code, label), from those kept for the data's version, with
    their options already written (`QuickSelect` asks `written()`); lazy, as Django keeps a
    choice iterator (a list would be read and normalised when the form is made)."""

    def __init__(self, field):
        self.field = field

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for economy in self.field.economies().by_name:
            yield (economy.iso3, economy_label(economy.name, economy.iso3))

    def written(self):
        if self.field.empty_label != EMPTY_LABEL:
            return written_options(self)
        return economy_options(self.field.economies.resolved())


class KeptEconomies:
    """The economies a form reads, once per form, from those kept for `version` (the
    request's; read at first use when not given)."""

    def __init__(self, version=None):
        self.version, self.kept = version, None

    def resolved(self):
        if self.version is None:
            self.version = DataVersion.latest()
        return self.version

    def __call__(self):
        if self.kept is None:
            self.kept = kept.economies(self.resolved())
        return self.kept


class EconomyCodeChoiceField(forms.ModelChoiceField):
    """An economy named by its ISO alpha-3 code, found among the economies kept for the
    data's version: no query to list them or to check the one asked for."""

    widget = QuickSelect
    default_error_messages = {
        "invalid_choice": "Unknown economy: use an ISO alpha-3 code such as JPN.",
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=Economy.objects.order_by("name"), to_field_name="iso3", **kwargs)
        self.economies = KeptEconomies()

    def __deepcopy__(self, memo):
        field = super().__deepcopy__(memo)
        field.economies = KeptEconomies()
        return field

    def _get_choices(self):
        return EconomyChoices(self)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        economy = self.economies().named(str(value))
        if economy is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return economy

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
        widget=QuickTextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    date = forms.DateField(
        required=False,
        # ISO only: 10/04/2025 means April to some readers and October to others.
        input_formats=["%Y-%m-%d"],
        help_text="YYYY-MM-DD; today when left empty.",
        widget=QuickDateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date as YYYY-MM-DD."},
    )

    known_on = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        label="As the law read on",
        help_text="YYYY-MM-DD; empty: as the law reads now, retroactive changes included.",
        widget=QuickDateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date as YYYY-MM-DD."},
    )

    def __init__(self, *args, version=None, **kwargs):
        """`version`: the data's (`DataVersion.latest()`), when the caller has read it."""
        super().__init__(*args, **kwargs)
        # The economy lists the form has (a subclass may drop one) share one read.
        economies = KeptEconomies(version)
        for name in ("importer", "exporter"):
            if name in self.fields:
                self.fields[name].economies = economies

    def clean_date(self):
        return self.cleaned_data.get("date") or dt.date.today()

    def clean_hs(self):
        code = self.cleaned_data["hs"]
        # The code's entries in the nomenclature, itself and its ancestors, read once
        # (`Commodity.objects.covering`), narrowest first.
        self.covering = [
            Commodity(code=found, description=description, level=level)
            for found, description, level in COVERING.rows(hs.prefixes(code))
        ]
        self.covering.sort(key=lambda entry: -entry.level)
        if not {code[:6], code[:4]} & {entry.code for entry in self.covering}:
            raise forms.ValidationError(f"Unknown HS code: {code[:6]} is not in the nomenclature.")
        return code

    def product(self):
        """The product's entry in the nomenclature, where the table has it."""
        return self.covering[0] if self.covering else None


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
