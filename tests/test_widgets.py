"""The quick select widgets write the HTML Django's templates write."""

import pytest
from django import forms

from core.models import Economy
from core.widgets import QuickSelect, QuickSelectMultiple

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
