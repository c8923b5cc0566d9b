"""Editors write through the API; a parent and its children are saved together or not at all."""

import io

import pytest
from django.core.management import call_command
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient

from core.groups import EDITOR
from negotiations.models import Concession, Delegation, Round
from tariffs.models import Measure, MeasureChange, ScopeLine

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

MEASURE = {
    "title": "Section 232 duty on trucks",
    "issuer": "USA",
    "applies_to_all_economies": True,
    "legal_basis": "section_232",
    "scope": [{"code": "8703", "excluded": False}, {"code": "870323", "excluded": True}],
    "history": [
        {"effective_on": "2025-10-01", "status": "announced", "ad_valorem_rate": "25"},
        {"effective_on": "2025-11-01", "status": "in_force"},
    ],
}


def test_an_editor_creates_a_measure_with_its_scope_and_history(editor_api, demo):
    response = editor_api.post("/api/v1/measures/", MEASURE, format="json")
    assert response.status_code == 201, response.content
    measure = Measure.objects.get(title="Section 232 duty on trucks")
    assert {(s.commodity_id, s.excluded) for s in measure.scope_lines.all()} == {
        ("8703", False),
        ("870323", True),
    }
    assert measure.changes.count() == 2
    assert response.json()["history"][0]["ad_valorem_rate"] == "25.000"


def test_a_bad_child_writes_nothing_and_names_the_field(editor_api, demo):
    bad = MEASURE | {
        "history": [{"effective_on": "2025-10-01", "status": "announced", "ad_valorem_rate": "-5"}]
    }
    before = (Measure.objects.count(), ScopeLine.objects.count(), MeasureChange.objects.count())
    response = editor_api.post("/api/v1/measures/", bad, format="json")
    assert response.status_code == 400
    assert "ad_valorem_rate" in response.json()["history"][0]
    after = (Measure.objects.count(), ScopeLine.objects.count(), MeasureChange.objects.count())
    assert after == before


def test_an_unknown_hs_code_in_a_scope_is_a_400(editor_api, demo):
    bad = MEASURE | {"scope": [{"code": "999998", "excluded": False}]}
    response = editor_api.post("/api/v1/measures/", bad, format="json")
    assert response.status_code == 400 and "code" in response.json()["scope"][0]


def test_a_specific_duty_without_a_unit_is_a_400(editor_api, demo):
    step = {"effective_on": "2025-10-01", "status": "in_force", "specific_rate": "1.5"}
    response = editor_api.post("/api/v1/measures/", MEASURE | {"history": [step]}, format="json")
    assert response.status_code == 400 and "specific_unit" in response.json()["history"][0]


def test_all_economies_with_a_target_list_is_a_400(editor_api, demo):
    response = editor_api.post("/api/v1/measures/", MEASURE | {"targets": ["JPN"]}, format="json")
    assert response.status_code == 400 and "targets" in response.json()


def test_updating_a_measures_history_replaces_it_whole(editor_api, demo):
    measure = Measure.objects.get(title__contains="from Japan")
    history = [{"effective_on": "2025-04-02", "status": "announced", "ad_valorem_rate": "24"}]
    response = editor_api.patch(
        f"/api/v1/measures/{measure.pk}/", {"history": history}, format="json"
    )
    assert response.status_code == 200, response.content
    assert list(measure.changes.values_list("status", flat=True)) == ["announced"]


def test_a_round_is_created_with_its_delegations(editor_api, demo):
    response = editor_api.post(
        "/api/v1/rounds/",
        {
            "negotiation": "japan-united-states-2025",
            "sequence": 7,
            "title": "Seventh round",
            "start_date": "2025-07-01",
            "end_date": "2025-07-01",
            "city": "Washington",
            "delegations": [
                {"economy": "JPN", "head": "ryosei-akazawa", "members": ["ryosei-akazawa"]},
                {"economy": "USA", "head": "scott-bessent", "members": []},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    seventh = Round.objects.get(sequence=7)
    assert {d.economy.iso3: d.head.slug for d in seventh.delegations.all()} == {
        "JPN": "ryosei-akazawa",
        "USA": "scott-bessent",
    }


def test_a_round_ending_before_it_starts_is_a_400_and_writes_nothing(editor_api, demo):
    before = (Round.objects.count(), Delegation.objects.count())
    response = editor_api.post(
        "/api/v1/rounds/",
        {
            "negotiation": "japan-united-states-2025",
            "sequence": 7,
            "title": "Bad",
            "start_date": "2025-05-02",
            "end_date": "2025-05-01",
            "delegations": [{"economy": "JPN"}],
        },
        format="json",
    )
    assert response.status_code == 400 and "end_date" in response.json()
    assert (Round.objects.count(), Delegation.objects.count()) == before


def test_a_concession_status_change_moves_its_status(editor_api, demo):
    rice = Concession.objects.get(commodity_id="1006")
    history = [
        {"changed_on": "2025-04-16", "status": "under_consideration"},
        {"changed_on": "2025-05-20", "status": "offered", "note": "Tabled in writing."},
    ]
    response = editor_api.patch(
        f"/api/v1/concessions/{rice.pk}/", {"status_history": history}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "offered"


def test_a_concession_cannot_be_given_and_received_by_one_economy(editor_api, demo):
    response = editor_api.post(
        "/api/v1/concessions/",
        {
            "negotiation": "japan-united-states-2025",
            "giver": "JPN",
            "receiver": "JPN",
            "kind": "tariff_cut",
            "title": "Self",
        },
        format="json",
    )
    assert response.status_code == 400 and "receiver" in response.json()


def test_a_duplicate_trade_flow_is_a_400(editor_api, demo):
    flow = {
        "source": "illustrative",
        "reporter": "USA",
        "partner": "JPN",
        "commodity": "870323",
        "year": 2024,
        "month": 0,
        "flow": "M",
        "value_usd": "1.00",
        "fetched_at": "2025-01-01T00:00:00Z",
    }
    response = editor_api.post("/api/v1/trade-flows/", flow, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_a_token_from_the_management_command_authenticates_writes(demo):
    UserFactory(username="robot", groups=[EDITOR])
    out = io.StringIO()
    call_command("create_api_token", "robot", stdout=out, stderr=io.StringIO())
    token = out.getvalue().strip()
    assert AuthToken.objects.get(user__username="robot").digest == hash_token(token)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.post(
        "/api/v1/sources/",
        {"publisher": "Kyodo", "title": "Talks", "kind": "press"},
        format="json",
    )
    assert response.status_code == 201


def test_a_wrong_token_is_refused(api, demo):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api.get("/api/v1/measures/").status_code == 401
