"""Entering talks in the admin: a new round with its concessions, a negotiation's address, a
measure's targets, and the autocomplete; bad input is a form error or a 400, never a 500."""

import re

import pytest
from django.urls import reverse

from core.groups import EDITOR
from negotiations.models import Concession, Negotiation, Person, Round
from tariffs.models import Measure

from .factories import EconomyFactory, NegotiationFactory, UserFactory

pytestmark = pytest.mark.django_db

ALL_ECONOMIES_WITH_TARGETS = (
    "A measure on all economies lists no targets: empty the list, or make it apply to the "
    "listed economies only."
)


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(username="editor", is_staff=True, groups=[EDITOR]))
    return client


def add_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def empty_inlines(client, model):
    """The management forms of the add page's inlines, each with no form."""
    page = client.get(add_url(model)).content.decode()
    data = {}
    for prefix in re.findall(r'name="([\w-]+)-TOTAL_FORMS"', page):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data


def test_a_new_round_is_added_with_its_concessions_in_its_negotiation(editor):
    negotiation = NegotiationFactory()
    japan, usa = EconomyFactory(iso3="JPN"), EconomyFactory(iso3="USA")
    data = empty_inlines(editor, Round) | {
        "negotiation": negotiation.pk,
        "sequence": 1,
        "title": "First round",
        "status": "held",
        "start_date": "2025-04-16",
        "end_date": "2025-04-16",
        "city": "Washington",
        "format": "in_person",
        "concessions-TOTAL_FORMS": 2,
        "concessions-0-giver": japan.pk,
        "concessions-0-receiver": usa.pk,
        "concessions-0-kind": "purchase",
        "concessions-0-title": "More U.S. rice",
        "concessions-1-giver": usa.pk,
        "concessions-1-receiver": japan.pk,
        "concessions-1-kind": "tariff_cut",
        "concessions-1-title": "Lower duty on cars",
    }
    response = editor.post(add_url(Round), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    added = Round.objects.get(title="First round")
    assert {(c.title, c.negotiation_id) for c in added.concessions.all()} == {
        ("More U.S. rice", negotiation.pk),
        ("Lower duty on cars", negotiation.pk),
    }
    assert Concession.objects.count() == 2


@pytest.mark.parametrize(
    ("model", "data", "slug"),
    [
        (
            Negotiation,
            {"title": "United Kingdom–United States trade talks", "started_on": "2025-05-08"},
            "united-kingdom-united-states-trade-talks",
        ),
        (Person, {"name": "Jamieson Greer — USTR", "office": ""}, "jamieson-greer-ustr"),
    ],
    ids=["negotiation", "person"],
)
def test_a_slug_left_empty_is_made_from_the_title_dashes_becoming_hyphens(
    editor, model, data, slug
):
    usa = EconomyFactory(iso3="USA")
    fields = {"slug": "", "status": "active", "parties": [usa.pk], "economy": usa.pk}
    response = editor.post(add_url(model), empty_inlines(editor, model) | fields | data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert model.objects.get().slug == slug


def test_a_slug_made_from_a_title_is_still_unique(editor):
    NegotiationFactory(slug="united-kingdom-united-states-trade-talks")
    data = {
        "title": "United Kingdom–United States trade talks",
        "slug": "",
        "status": "active",
        "started_on": "2025-05-08",
        "parties": [EconomyFactory(iso3="USA").pk],
    }
    response = editor.post(add_url(Negotiation), data)
    assert response.status_code == 200
    assert "Negotiation with this Slug already exists." in response.content.decode()


def test_a_measure_on_all_economies_with_targets_is_a_form_error_under_targets(editor):
    usa, japan = EconomyFactory(iso3="USA"), EconomyFactory(iso3="JPN")
    data = empty_inlines(editor, Measure) | {
        "title": "Universal duty",
        "issuer": usa.pk,
        "targets": [japan.pk],
        "applies_to_all_economies": "on",
        "legal_basis": "ieepa",
    }
    response = editor.post(add_url(Measure), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors == {"targets": [ALL_ECONOMIES_WITH_TARGETS]}
    assert not Measure.objects.exists()


def test_a_nul_in_the_autocomplete_is_a_400_not_a_server_error(editor):
    EconomyFactory(iso3="JPN", name="Japan")
    url = reverse("admin:autocomplete")
    source = {"app_label": "negotiations", "model_name": "negotiation", "field_name": "parties"}
    assert editor.get(url, source | {"term": "Jap"}).json()["results"][0]["text"] == "Japan"
    response = editor.get(url, source | {"term": "Jap\x00an"})
    assert response.status_code == 400
    assert "<li><strong>term</strong>: Null characters are not allowed.</li>" in (
        response.content.decode()
    )
