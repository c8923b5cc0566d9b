"""The admin checks what the model cannot before it is saved: an agreement's parties are
parties of its negotiation, a commitment's giver a party of its agreement."""

import datetime as dt

import pytest
from django.urls import reverse

from core.groups import EDITOR
from core.models import Economy
from negotiations.models import Agreement, Commitment

from .demo_data import copy_demo
from .factories import (
    EconomyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date
DEAL = "Japan–United States tariff agreement of 22 July 2025"
ORDER = "Executive Order 14345: Implementing the United States-Japan Agreement"


@pytest.fixture
def demo(db):
    return copy_demo()


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(username="editor", is_staff=True, groups=[EDITOR]))
    return client


def agreement_form(agreement, **changes):
    data = {
        "negotiation": agreement.negotiation_id,
        "kind": agreement.kind,
        "title": agreement.title,
        "announced_on": agreement.announced_on.isoformat(),
        "parties": [p.pk for p in agreement.parties.all()],
        "measures": [m.pk for m in agreement.measures.all()],
        "sources": [s.pk for s in agreement.sources.all()],
        "summary": agreement.summary,
        "commitments-TOTAL_FORMS": 0,
        "commitments-INITIAL_FORMS": 0,
    }
    return data | changes


def test_the_admin_refuses_a_giver_who_is_not_a_party_of_the_agreement(editor, demo):
    order = Agreement.objects.get(title=ORDER)
    japan = Economy.objects.get(iso3="JPN")
    data = agreement_form(order) | {
        "commitments-TOTAL_FORMS": 1,
        "commitments-0-giver": japan.pk,
        "commitments-0-kind": "purchase",
        "commitments-0-description": "Buy more",
    }
    url = reverse("admin:negotiations_agreement_change", args=[order.pk])
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "JPN is not a party of the agreement." in response.content.decode()
    assert not order.commitments.filter(description="Buy more").exists()
    # Made a party in the same form, Japan may give.
    data["parties"] = [japan.pk, *data["parties"]]
    assert editor.post(url, data).status_code == 302
    assert order.commitments.filter(description="Buy more", giver=japan).exists()


def test_the_admin_refuses_a_party_who_is_not_a_party_of_the_negotiation(editor, demo):
    deal = Agreement.objects.get(title=DEAL)
    korea = EconomyFactory(iso3="KOR", name="Korea")
    url = reverse("admin:negotiations_agreement_change", args=[deal.pk])
    data = agreement_form(deal, parties=[korea.pk])
    response = editor.post(url, data)
    assert "KOR is not a party of the negotiation." in response.content.decode()


def test_the_commitment_admin_refuses_a_giver_outside_the_agreement(editor, demo):
    order = Agreement.objects.get(title=ORDER)
    response = editor.post(
        reverse("admin:negotiations_commitment_add"),
        {
            "agreement": order.pk,
            "giver": Economy.objects.get(iso3="JPN").pk,
            "kind": "purchase",
            "description": "Buy more",
            "status_changes-TOTAL_FORMS": 0,
            "status_changes-INITIAL_FORMS": 0,
        },
    )
    assert "JPN is not a party of the agreement." in response.content.decode()
    assert not Commitment.objects.filter(description="Buy more").exists()


def test_the_agreement_admin_page_holds_its_commitments(editor, demo):
    deal = Agreement.objects.get(title=DEAL)
    html = editor.get(reverse("admin:negotiations_agreement_change", args=[deal.pk])).content
    assert b'name="commitments-TOTAL_FORMS" value="5"' in html
