"""The quick select widgets and the quick form write the HTML Django's templates write."""

import datetime as dt

import django_filters
import pytest
from django import forms
from django.http import QueryDict
from django.test import RequestFactory

from core.filtersets import ChoicesReadOnce
from core.forms import QuickDivForm
from core.models import DataVersion, Economy
from core.widgets import (
    QuickDateInput,
    QuickNullBooleanSelect,
    QuickSelect,
    QuickSelectMultiple,
    QuickTextInput,
    written_options,
)
from tariffs.filtersets import MeasureFilterSet
from tariffs.forms import TariffLookupForm
from tariffs.models import Measure

from .factories import CommodityFactory

CHOICES = [
    ("", "---------"),
    ("JPN", "Japan"),
    ("USA", "United States"),
    ("Q&A", 'A "quoted" <label> & more'),
    ("Unions", [("EUN", "European Union"), ("MER", "Mercosur")]),
]


@pytest.mark.parametrize(
    "value, attrs",
    [
        (None, None),
        ("USA", {"id": "id_issuer", "required": True}),
        ("EUN", {"class": "wide", "disabled": False, "data-x": '"<>'}),
        ("Q&A", {"aria-label": "Issuer"}),
    ],
)
def test_a_select_is_djangos_own(value, attrs):
    quick = QuickSelect(choices=CHOICES).render("issuer", value, attrs)
    assert quick == forms.Select(choices=CHOICES).render("issuer", value, attrs)
    assert '<option value="USA"' in quick


@pytest.mark.parametrize(
    "value, attrs",
    [
        (None, None),
        ("", {"id": "id_hs", "required": True}),
        ("8703", {"inputmode": "numeric", "autocomplete": "off", "disabled": False}),
        ('"<b>" & more', {"aria-describedby": "id_hs_helptext", "data-x": '"<>'}),
        (870323, {"class": "wide"}),
    ],
)
def test_a_text_input_is_djangos_own(value, attrs):
    quick = QuickTextInput(attrs={"placeholder": "e.g. 870323"}).render("hs", value, attrs)
    django = forms.TextInput(attrs={"placeholder": "e.g. 870323"}).render("hs", value, attrs)
    assert quick == django
    assert quick.startswith('<input type="text" name="hs"')


@pytest.mark.parametrize(
    "value", [None, "", "2025-04-05", "not a date", dt.date(2025, 4, 5), dt.datetime(2025, 4, 5)]
)
@pytest.mark.parametrize("attrs", [{}, {"type": "date"}])
def test_a_date_input_is_djangos_own(value, attrs):
    quick = QuickDateInput(attrs=attrs).render("on", value, {"id": "id_on"})
    assert quick == forms.DateInput(attrs=attrs).render("on", value, {"id": "id_on"})
    if value:
        assert ' value="' in quick


def test_a_multiple_select_is_djangos_own():
    value = ["JPN", "MER"]
    attrs = {"id": "id_between"}
    quick = QuickSelectMultiple(choices=CHOICES).render("between", value, attrs)
    assert quick == forms.SelectMultiple(choices=CHOICES).render("between", value, attrs)
    assert quick.count(" selected") == 2


def test_a_model_choice_is_djangos_own(db):
    Economy.objects.create(name="Japan", iso3="JPN", kind="country")
    Economy.objects.create(name="Côte d'Ivoire", iso3="CIV", kind="country")

    def rendered(widget):
        field = forms.ModelChoiceField(
            Economy.objects.order_by("name"), to_field_name="iso3", widget=widget
        )
        form = type("Filters", (forms.Form,), {"issuer": field})({"issuer": "JPN"})
        return str(form["issuer"])

    quick = rendered(QuickSelect)
    assert quick == rendered(forms.Select)
    assert '<option value="JPN" selected>Japan</option>' in quick


@pytest.mark.parametrize("value", [None, "", True, False, "true", "false", "unknown"])
def test_a_null_boolean_select_is_djangos_own(value):
    quick = QuickNullBooleanSelect().render("stacks", value, {"id": "id_stacks"})
    assert quick == forms.NullBooleanSelect().render("stacks", value, {"id": "id_stacks"})
    assert quick.count(" selected") == 1


def test_written_options_are_the_selects_options():
    written = written_options(CHOICES)
    assert [text for text, _, _ in written] == [
        *("", "JPN", "USA", "Q&A"),
        *(None, "EUN", "MER", None),
    ]
    assert (
        written[3][1]
        == '\n  <option value="Q&amp;A">A &quot;quoted&quot; &lt;label&gt; &amp; more</option>\n'
    )
    assert written[1][2] == '\n  <option value="JPN" selected>Japan</option>\n'
    assert written[4][1] == '\n  <optgroup label="Unions">'


def test_the_selects_of_one_list_of_rows_share_their_written_options(db):
    Economy.objects.create(name="Japan", iso3="JPN", kind="country")
    filters = MeasureFilterSet(QueryDict("issuer=JPN"), queryset=Measure.objects.all())
    issuer, target, between = (
        filters.form.fields[name].widget.choices for name in ("issuer", "target", "between")
    )
    assert issuer.written() is target.written()
    # The multiple select has no empty choice.
    assert [text for text, _, _ in issuer.written()] == ["", "JPN"]
    assert [text for text, _, _ in between.written()] == ["JPN"]
    assert '<option value="JPN" selected>Japan</option>' in str(filters.form["issuer"])
    assert '<option value="JPN">Japan</option>' in str(filters.form["target"])


class Plain(QuickDivForm):
    name = forms.CharField(label="Name & <title>")
    why = forms.CharField(required=False, label="Why?")
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=QuickSelect)
    day = forms.DateField(required=False)


class WithHelp(Plain):
    note = forms.CharField(required=False, help_text="Say <why>")


class WithHidden(Plain):
    secret = forms.CharField(required=False, widget=forms.HiddenInput)


def djangos(form):
    return form.render(form.template_name_div)


@pytest.mark.parametrize(
    "form",
    [
        Plain(),
        Plain({"name": "x", "kind": "b", "day": "2025-01-02"}),
        Plain(auto_id=False),
        Plain(auto_id="f_%s", label_suffix=" →"),
        Plain({"name": "", "kind": "c", "day": "no"}),  # errors: Django's templates
        WithHelp(),
        WithHelp({"name": "x", "kind": "a", "note": "n"}),
        WithHelp(auto_id=False),
        WithHidden({"name": "x", "kind": "a"}),
    ],
)
def test_a_quick_div_form_is_djangos_own(form):
    assert form.as_div() == djangos(form)


def test_the_measures_filter_form_is_djangos_own(db):
    Economy.objects.create(name="Côte d'Ivoire", iso3="CIV", kind="country")
    for query in ("", "issuer=CIV&status=paused&stacks=false&hs=01&on=2025-01-01", "on=x"):
        form = MeasureFilterSet(QueryDict(query), queryset=Measure.objects.all()).form
        assert form.as_div() == djangos(form)


class EconomiesOfTheRequest(ChoicesReadOnce, django_filters.FilterSet):
    issuer = django_filters.ModelChoiceFilter(
        queryset=lambda request: Economy.objects.filter(iso3__in=request.GET.getlist("among")),
        to_field_name="iso3",
        widget=QuickSelect,
    )

    class Meta:
        model = Measure
        fields = ["issuer"]


def test_a_filter_forms_class_is_made_once_and_its_fields_per_form(db):
    Economy.objects.create(name="Côte d'Ivoire", iso3="CIV", kind="country")
    measures = Measure.objects.all()
    first = MeasureFilterSet(QueryDict("issuer=CIV"), queryset=measures).form
    second = MeasureFilterSet(QueryDict(""), queryset=measures).form
    assert type(first) is type(second)
    for name in ("issuer", "legal_basis", "on"):
        assert first.fields[name] is not second.fields[name]
        assert first.fields[name].widget is not second.fields[name].widget
    # A queryset of the request: a class per filterset, its field and options built from
    # that request.
    Economy.objects.create(name="Japan", iso3="JPN", kind="country")
    asked = [
        EconomiesOfTheRequest(
            QueryDict(""), queryset=measures, request=RequestFactory().get("/", {"among": iso3})
        ).form
        for iso3 in ("CIV", "JPN")
    ]
    assert type(asked[0]) is not type(asked[1])
    assert 'value="CIV"' in str(asked[0]["issuer"]) and 'value="JPN"' not in str(asked[0]["issuer"])
    assert 'value="JPN"' in str(asked[1]["issuer"]) and 'value="CIV"' not in str(asked[1]["issuer"])


def test_the_lookup_form_is_djangos_own(db):
    Economy.objects.create(name="Côte d'Ivoire", iso3="CIV", kind="country")
    Economy.objects.create(name="United States", iso3="USA", kind="country")
    CommodityFactory(code="030389")
    asked = {"importer": "USA", "exporter": "CIV", "hs": "030389", "date": "2026-10-24"}
    for data in (None, asked, asked | {"hs": "12"}):
        form = TariffLookupForm(data)
        if data:
            form.is_valid()
        assert form.as_div() == djangos(form)


def test_the_lookup_form_reads_its_economies_once_per_version_of_the_data(
    db, django_assert_num_queries
):
    Economy.objects.create(name="Côte d'Ivoire", iso3="CIV", kind="country")
    with django_assert_num_queries(0):
        form = TariffLookupForm()  # nothing is read until the form is written or checked
    with django_assert_num_queries(3):  # the data's version, the economies, their unions
        written = form.as_div()
    assert written.count('<option value="CIV">Côte d&#x27;Ivoire (CIV)</option>') == 2
    version = DataVersion.latest()
    asked = {"importer": "CIV", "exporter": "XXX", "hs": "1"}
    with django_assert_num_queries(0):  # kept for this version: no query to list or check
        again = TariffLookupForm(asked, version=version)
        assert again.as_div().count("Côte d&#x27;Ivoire (CIV)") == 2
        assert again["importer"].value() == "CIV"
        assert not again.has_error("importer")
        assert again.errors["exporter"] == ["Unknown economy: use an ISO alpha-3 code such as JPN."]
    assert again.cleaned_data["importer"].iso3 == "CIV"
    # A change bumps the version: the next form reads the economies again.
    Economy.objects.create(name="Japan", iso3="JPN", kind="country")
    with django_assert_num_queries(3):
        fresh = TariffLookupForm({"importer": "JPN"})
        assert [c for c, _ in fresh.fields["exporter"].widget.choices] == ["", "CIV", "JPN"]
        assert not fresh.has_error("importer")
