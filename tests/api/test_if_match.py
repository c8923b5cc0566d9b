"""Two editors load the same record: the second's write with the ETag of an older read is
refused (412) with the current ETag, and nothing is written; a write with the current ETag, or
with none, proceeds. A detail's GET answers the ETag that If-Match is compared with."""

import pytest
from django.test import override_settings

from core.models import Source
from tariffs.models import Measure

from .conftest import client_for

pytestmark = pytest.mark.django_db

AUTOS = "Section 232 autos and parts: Japan's 15% all-in rate"


@pytest.fixture
def measure(demo):
    return Measure.objects.get(title=AUTOS)


@pytest.fixture
def first_editor(db):
    from core.groups import EDITOR

    return client_for(username="first", groups=[EDITOR])


@pytest.fixture
def second_editor(db):
    from core.groups import EDITOR

    return client_for(username="second", groups=[EDITOR])


def url(measure):
    return f"/api/v1/measures/{measure.pk}/"


def put_body(measure, title):
    return {
        "title": title,
        "issuer": measure.issuer.iso3,
        "targets": [economy.iso3 for economy in measure.targets.all()],
        "legal_basis": measure.legal_basis,
        "legal_citation": measure.legal_citation,
    }


def read_then_changed_by_another(measure, first_editor, second_editor):
    """The first editor's ETag, then the second editor's change: (old ETag, current ETag)."""
    old = first_editor.get(url(measure))["ETag"]
    changed = second_editor.patch(
        url(measure), {"description": "Changed by the second editor."}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert changed["ETag"] != old
    return old, changed["ETag"]


def test_a_stale_put_is_412_with_the_current_etag_and_writes_nothing(
    measure, first_editor, second_editor
):
    old, current = read_then_changed_by_another(measure, first_editor, second_editor)
    response = first_editor.put(
        url(measure), put_body(measure, "Overwritten"), format="json", HTTP_IF_MATCH=old
    )
    assert response.status_code == 412
    assert response["ETag"] == current
    assert "changed since you read it" in response.json()["detail"]
    measure.refresh_from_db()
    assert (measure.title, measure.description) == (AUTOS, "Changed by the second editor.")


def test_a_stale_patch_is_412_with_the_current_etag_and_writes_nothing(
    measure, first_editor, second_editor
):
    before = measure.precedence
    old, current = read_then_changed_by_another(measure, first_editor, second_editor)
    response = first_editor.patch(url(measure), {"precedence": 9}, format="json", HTTP_IF_MATCH=old)
    assert (response.status_code, response["ETag"]) == (412, current)
    measure.refresh_from_db()
    assert (measure.precedence, before) == (before, 1)


def test_a_stale_delete_is_412_with_the_current_etag_and_deletes_nothing(
    measure, first_editor, second_editor
):
    old, current = read_then_changed_by_another(measure, first_editor, second_editor)
    response = first_editor.delete(f"{url(measure)}?cascade=true", HTTP_IF_MATCH=old)
    assert (response.status_code, response["ETag"]) == (412, current)
    assert Measure.objects.filter(pk=measure.pk).exists()
    assert measure.changes.count() == 1


def test_a_write_with_the_current_etag_passes_and_answers_the_next_one(
    measure, first_editor, second_editor
):
    _old, current = read_then_changed_by_another(measure, first_editor, second_editor)
    assert first_editor.get(url(measure))["ETag"] == current
    response = first_editor.put(
        url(measure), put_body(measure, "Autos at 15 %"), format="json", HTTP_IF_MATCH=current
    )
    assert response.status_code == 200, response.content
    measure.refresh_from_db()
    assert measure.title == "Autos at 15 %"
    # The PUT's answer carries the ETag a GET now gives, which the next write sends.
    assert response["ETag"] == first_editor.get(url(measure))["ETag"] != current
    patched = first_editor.patch(
        url(measure), {"precedence": 5}, format="json", HTTP_IF_MATCH=response["ETag"]
    )
    assert patched.status_code == 200
    deleted = first_editor.delete(f"{url(measure)}?cascade=true", HTTP_IF_MATCH=patched["ETag"])
    assert deleted.status_code == 204
    assert not Measure.objects.filter(pk=measure.pk).exists()


def test_a_write_without_if_match_proceeds_as_before(measure, first_editor, second_editor):
    read_then_changed_by_another(measure, first_editor, second_editor)
    response = first_editor.patch(url(measure), {"precedence": 9}, format="json")
    assert response.status_code == 200
    measure.refresh_from_db()
    assert measure.precedence == 9


@override_settings(API_REQUIRE_IF_MATCH=True)
def test_a_setting_can_require_if_match(measure, first_editor):
    refused = first_editor.patch(url(measure), {"precedence": 9}, format="json")
    assert refused.status_code == 428
    etag = first_editor.get(url(measure))["ETag"]
    passed = first_editor.patch(url(measure), {"precedence": 9}, format="json", HTTP_IF_MATCH=etag)
    assert passed.status_code == 200


def test_a_weak_etag_or_another_records_never_matches(measure, first_editor):
    etag = first_editor.get(url(measure))["ETag"]
    weak = first_editor.patch(
        url(measure), {"precedence": 9}, format="json", HTTP_IF_MATCH=f"W/{etag}"
    )
    assert weak.status_code == 412
    other = first_editor.get(f"/api/v1/sources/{Source.objects.first().pk}/")["ETag"]
    assert other != etag
    listed = first_editor.patch(
        url(measure), {"precedence": 9}, format="json", HTTP_IF_MATCH=f'{other}, "x", {etag}'
    )
    assert listed.status_code == 200
    star = first_editor.patch(url(measure), {"precedence": 8}, format="json", HTTP_IF_MATCH="*")
    assert star.status_code == 200


def test_the_etag_is_the_records_not_the_days_nor_the_hosts(api, measure):
    today = api.get(url(measure))
    then = api.get(url(measure), {"on": "2025-01-01"})
    # The state on a date is derived, not stored: the body differs, the record does not.
    assert today.json()["status"] != then.json()["status"]
    assert today["ETag"] == then["ETag"]
    elsewhere = api.get(url(measure), HTTP_HOST="localhost")
    assert elsewhere.json()["url"] != today.json()["url"]
    assert elsewhere["ETag"] == today["ETag"]


def test_a_conditional_get_with_the_detail_etag_is_304(api, measure):
    etag = api.get(url(measure))["ETag"]
    again = api.get(url(measure), HTTP_IF_NONE_MATCH=etag)
    assert (again.status_code, again["ETag"]) == (304, etag)


def test_a_child_changed_elsewhere_changes_the_parents_etag(api, measure):
    etag = api.get(url(measure))["ETag"]
    change = measure.changes.get()
    change.note = "Corrected in the admin."
    change.save()
    assert api.get(url(measure))["ETag"] != etag
