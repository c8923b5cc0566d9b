"""Who may read and write through the API: anyone reads, only Editors (or holders of the model
permission) write; Analysts and plain staff read only."""

import pytest
from django.test import override_settings

from negotiations.models import Round

pytestmark = pytest.mark.django_db

NEW = {
    "economies": {"iso3": "KOR", "name": "Korea, Republic of"},
    "negotiations": {
        "slug": "korea-us",
        "title": "Korea–US",
        "started_on": "2025-05-01",
        "parties": ["JPN", "USA"],
    },
    "rounds": {
        "negotiation": "japan-united-states-2025",
        "sequence": 7,
        "title": "Seventh round",
        "start_date": "2025-07-01",
        "end_date": "2025-07-02",
    },
    "people": {"slug": "new-person", "name": "New Person", "economy": "JPN"},
    "sources": {"publisher": "Reuters", "title": "Talks resume", "kind": "press"},
    "measures": {"title": "New duty", "issuer": "USA", "legal_basis": "section_301"},
    "commodities": {"code": "870390", "description": "Other cars", "parent": "8703"},
    "concessions": {
        "negotiation": "japan-united-states-2025",
        "giver": "USA",
        "receiver": "JPN",
        "kind": "tariff_cut",
        "title": "Lower duty on cars",
    },
    "agreements": {
        "negotiation": "japan-united-states-2025",
        "kind": "framework",
        "title": "New agreement",
        "announced_on": "2025-08-01",
        "parties": ["JPN", "USA"],
    },
    "trade-flows": {
        "source": "file",
        "reporter": "USA",
        "partner": "JPN",
        "commodity": "870323",
        "year": 2020,
        "flow": "M",
        "value_usd": "1000.00",
        "fetched_at": "2025-01-01T00:00:00Z",
    },
}
RESOURCES = sorted(NEW)


def create(client, resource):
    return client.post(f"/api/v1/{resource}/", NEW[resource], format="json")


@pytest.mark.parametrize("resource", RESOURCES)
def test_anyone_may_read_every_resource(api, demo, resource):
    assert api.get(f"/api/v1/{resource}/").status_code == 200


@pytest.mark.parametrize("resource", RESOURCES)
def test_anonymous_clients_cannot_write(api, demo, resource):
    assert create(api, resource).status_code in (401, 403)


@pytest.mark.parametrize("resource", RESOURCES)
def test_analysts_read_but_cannot_write(analyst_api, demo, resource):
    assert analyst_api.get(f"/api/v1/{resource}/").status_code == 200
    assert create(analyst_api, resource).status_code == 403


@pytest.mark.parametrize("resource", RESOURCES)
def test_staff_without_the_model_permission_cannot_write(staff_api, demo, resource):
    assert create(staff_api, resource).status_code == 403


@pytest.mark.parametrize("resource", RESOURCES)
def test_editors_create_in_every_resource(editor_api, demo, resource):
    response = create(editor_api, resource)
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("resource", RESOURCES)
def test_superusers_create_in_every_resource(superuser_api, demo, resource):
    assert create(superuser_api, resource).status_code == 201


def test_an_editor_changes_and_deletes(editor_api, demo):
    first = Round.objects.get(sequence=1)
    changed = editor_api.patch(
        f"/api/v1/rounds/{first.pk}/", {"outcome": "Agreed to keep talking."}, format="json"
    )
    assert changed.status_code == 200
    cited = first.sources.first()
    assert editor_api.delete(f"/api/v1/sources/{cited.pk}/?cascade=true").status_code == 204


def test_an_analyst_cannot_change_or_delete(analyst_api, demo):
    first = Round.objects.get(sequence=1)
    assert analyst_api.patch(f"/api/v1/rounds/{first.pk}/", {"outcome": "x"}).status_code == 403
    assert analyst_api.delete(f"/api/v1/rounds/{first.pk}/").status_code == 403
    assert Round.objects.filter(pk=first.pk, outcome__startswith="Japan").exists()


@override_settings(API_ALLOW_ANONYMOUS_READ=False)
def test_anonymous_reads_can_be_switched_off(api, analyst_api, demo):
    assert api.get("/api/v1/measures/").status_code in (401, 403)
    assert api.get("/api/v1/tariff-lookup/", {"importer": "USA"}).status_code in (401, 403)
    assert analyst_api.get("/api/v1/measures/").status_code == 200
