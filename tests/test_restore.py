"""A deleted negotiation, measure or source comes back whole from the admin: every row of every
domain table, every field and every link, as before the deletion, with the same keys."""

import re

import pytest
from django.apps import apps
from rest_framework.test import APIClient

from core.groups import DOMAIN_APPS, EDITOR
from core.models import DataVersion, Source
from negotiations.models import Negotiation, Round
from tariffs.models import Measure

from .demo_data import copy_demo
from .factories import UserFactory

pytestmark = pytest.mark.django_db

SLUG = "japan-united-states-2025"
AUTOS = "Section 232 autos and parts: Japan's 15% all-in rate"


def snapshot():
    """Every row of every domain table, many-to-many tables included, histories left out."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if (
            meta.app_label in DOMAIN_APPS
            and not meta.model_name.startswith("historical")
            and model is not DataVersion
        ):
            rows[meta.label] = list(model._base_manager.order_by("pk").values())
    return rows


def assert_same_rows(after, before):
    assert after.keys() == before.keys()
    for table, rows in before.items():
        assert after[table] == rows, table


@pytest.fixture
def demo():
    return copy_demo()


@pytest.fixture
def editor_api(db):
    client = APIClient()
    client.force_authenticate(UserFactory(username="editor", groups=[EDITOR]))
    return client


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def restore_from_the_admin(admin_client, changelist, title):
    """Open the model's Deleted page from its list, then restore the row named `title`."""
    listing = admin_client.get(changelist).content.decode()
    deleted_url = f"{changelist}deleted/"
    assert f'href="{deleted_url}"' in listing
    page = admin_client.get(deleted_url).content.decode()
    row = next(part for part in page.split("<tr>") if title in part.replace("&#x27;", "'"))
    restore_url = re.search(r'href="([^"]+/restore/)"', row).group(1)
    confirm = admin_client.get(restore_url)
    assert confirm.status_code == 200
    response = admin_client.post(restore_url)
    assert response.status_code == 302, response.content
    return confirm.content.decode(), response


def test_the_japan_us_negotiation_deleted_with_cascade_comes_back_row_for_row(
    demo, editor_api, admin_client
):
    before = snapshot()
    assert len(before["negotiations.Round"]) == 7 and before["negotiations.Concession"]

    deleted = editor_api.delete(f"/api/v1/negotiations/{SLUG}/?cascade=true")
    assert deleted.status_code == 204
    assert not Negotiation.objects.filter(slug=SLUG).exists()
    assert snapshot() != before

    confirm, response = restore_from_the_admin(
        admin_client, "/admin/negotiations/negotiation/", demo.title
    )
    assert "7 rounds" in confirm and "13 delegations" in confirm
    assert response["Location"] == f"/admin/negotiations/negotiation/{demo.pk}/change/"
    assert_same_rows(snapshot(), before)
    restored = Negotiation.history.filter(id=demo.pk).latest("history_date")
    assert restored.history_type == "+"
    assert restored.history_change_reason.startswith("restored from deletion ")
    assert restored.history_user.username == "root"
    assert restored.sources.count() == 2
    page = admin_client.get("/admin/negotiations/negotiation/deleted/").content.decode()
    assert demo.title not in page


def test_a_measure_with_changes_scope_targets_sources_and_links_comes_back_row_for_row(
    demo, editor_api, admin_client
):
    measure = Measure.objects.get(title=AUTOS)
    assert measure.changes.exists() and measure.scope_lines.exists()
    assert measure.targets.exists() and measure.sources.exists() and measure.relations.exists()
    assert measure.agreements.exists() and measure.commitments.exists()
    before = snapshot()

    deleted = editor_api.delete(f"/api/v1/measures/{measure.pk}/?cascade=true")
    assert deleted.status_code == 204
    assert not demo.agreements.filter(measures=measure.pk).exists()

    restore_from_the_admin(admin_client, "/admin/tariffs/measure/", AUTOS)
    assert_same_rows(snapshot(), before)
    # The agreements that lost their link to it got it back, and their history says so.
    for agreement in measure.agreements.all():
        latest = agreement.history.latest("history_date")
        assert latest.history_change_reason.startswith("restored from deletion ")
        assert measure.pk in latest.measures.values_list("measure_id", flat=True)


def test_a_source_deleted_from_the_admin_comes_back_with_its_citations(demo, admin_client):
    source = max(Source.objects.all(), key=lambda s: s.negotiations_round_set.count())
    assert source.negotiations_round_set.exists()
    before = snapshot()
    page = admin_client.get(f"/admin/core/source/{source.pk}/delete/")
    assert page.status_code == 200
    response = admin_client.post(f"/admin/core/source/{source.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists()
    record = Source.history.get(id=source.pk, history_type="-")
    assert record.history_change_reason.startswith("deletion ")

    restore_from_the_admin(admin_client, "/admin/core/source/", source.title)
    assert_same_rows(snapshot(), before)


def test_a_restore_twice_is_refused_and_changes_nothing(demo, editor_api, admin_client):
    editor_api.delete(f"/api/v1/negotiations/{SLUG}/?cascade=true")
    record = Negotiation.history.get(id=demo.pk, history_type="-")
    url = f"/admin/negotiations/negotiation/deleted/{record.history_id}/restore/"
    assert admin_client.post(url).status_code == 302
    before = snapshot()
    again = admin_client.post(url, follow=True)
    assert "exist again" in again.content.decode()
    assert_same_rows(snapshot(), before)


def test_a_deletion_that_refers_to_rows_deleted_since_is_not_restored(demo, editor_api):
    from core.restore import RestoreRefused, restore_deletion

    round_ = Round.objects.get(negotiation=demo, sequence=1)
    source = round_.sources.first()
    assert editor_api.delete(f"/api/v1/rounds/{round_.pk}/?cascade=true").status_code == 204
    assert editor_api.delete(f"/api/v1/sources/{source.pk}/?cascade=true").status_code == 204
    record = Round.history.get(id=round_.pk, history_type="-")
    before = snapshot()
    with pytest.raises(RestoreRefused, match=f"deleted since \\(sources {source.pk}\\)"):
        restore_deletion(Round, record.history_id)
    assert_same_rows(snapshot(), before)


def test_an_analyst_sees_the_deleted_but_cannot_restore(demo, editor_api, client):
    from core.groups import ANALYST

    editor_api.delete(f"/api/v1/negotiations/{SLUG}/?cascade=true")
    client.force_login(UserFactory(username="analyst", is_staff=True, groups=[ANALYST]))
    page = client.get("/admin/negotiations/negotiation/deleted/")
    assert page.status_code == 200 and demo.title in page.content.decode()
    assert "/restore/" not in page.content.decode()
    record = Negotiation.history.get(id=demo.pk, history_type="-")
    url = f"/admin/negotiations/negotiation/deleted/{record.history_id}/restore/"
    assert client.post(url).status_code == 403
    assert not Negotiation.objects.filter(slug=SLUG).exists()


def test_the_command_lists_and_restores_what_the_admin_does(demo, editor_api):
    import io

    from django.core.management import call_command

    measure = Measure.objects.get(title=AUTOS)
    before = snapshot()
    editor_api.delete(f"/api/v1/measures/{measure.pk}/?cascade=true")
    listed = io.StringIO()
    call_command("restore_deleted", "tariffs.Measure", stdout=listed)
    record_id, _when, key, title = listed.getvalue().splitlines()[0].split("\t")
    assert (key, title) == (f"id={measure.pk}", AUTOS)
    out = io.StringIO()
    call_command("restore_deleted", "tariffs.Measure", record_id, stdout=out)
    assert "tariffs.Measure: 1 restored" in out.getvalue()
    assert_same_rows(snapshot(), before)
