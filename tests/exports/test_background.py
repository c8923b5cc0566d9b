"""A background export writes the whole CSV of an API list, however long, run in process here
(no broker: the test settings run tasks eagerly); the worker tests run one on a real worker."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from commodities.models import TradeFlow
from core.models import DataVersion, Export
from tests.api.resources import LIST_RESOURCES

pytestmark = pytest.mark.django_db


def ask(client, path, capture):
    with capture(execute=True):
        return client.post("/api/v1/exports/", {"path": path}, format="json")


def download(client, export):
    response = client.get(f"/api/v1/exports/{export['key']}/download/")
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content).decode()


def synchronous_csv(client, path, settings):
    limit, settings.CSV_MAX_ROWS = settings.CSV_MAX_ROWS, 10**9
    try:
        separator = "&" if "?" in path else "?"
        response = client.get(f"{path}{separator}format=csv")
        return b"".join(response.streaming_content).decode()
    finally:
        settings.CSV_MAX_ROWS = limit


def test_a_list_over_the_limit_exports_every_row_downloadable_by_its_key(
    alice, demo, settings, django_capture_on_commit_callbacks
):
    settings.CSV_MAX_ROWS = 5
    assert alice.get("/api/v1/trade-flows/", {"format": "csv"}).status_code == 400

    response = ask(alice, "/api/v1/trade-flows/?format=csv", django_capture_on_commit_callbacks)
    assert response.status_code == 202
    asked = response.json()
    assert response["Location"] == asked["url"]
    assert asked["url"] == f"http://testserver/api/v1/exports/{asked['key']}/"
    assert (asked["path"], asked["status"], asked["download_url"]) == (
        "/api/v1/trade-flows/",
        "queued",
        None,
    )

    export = alice.get(asked["url"]).json()
    assert export["status"] == "done", export["error"]
    assert export["rows"] == TradeFlow.objects.count() == 14
    assert export["download_url"] == f"{asked['url']}download/"
    response = alice.get(export["download_url"])
    assert response["Content-Disposition"] == 'attachment; filename="tradeflow.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    assert len(list(csv.DictReader(io.StringIO(text)))) == 14
    assert text == synchronous_csv(alice, "/api/v1/trade-flows/", settings)


def test_every_list_exports_as_its_own_csv_with_its_filters(
    alice, demo, settings, django_capture_on_commit_callbacks
):
    paths = [f"/api/v1/{resource}/" for resource in LIST_RESOURCES] + [
        "/api/v1/trade-flows/?reporter=JPN&hs=1006",
        "/api/v1/measures/?issuer=USA&status=in_force&on=2025-04-09&ordering=-title",
    ]
    for path in paths:
        export = ask(alice, path, django_capture_on_commit_callbacks).json()
        export = alice.get(export["url"]).json()
        assert export["status"] == "done", (path, export["error"])
        text = download(alice, export)
        assert text == synchronous_csv(alice, path, settings), path
        assert export["rows"] == len(list(csv.DictReader(io.StringIO(text)))), path


def test_a_users_export_is_refused_to_another_user_and_to_anonymous_clients(
    alice, bob, api, demo, django_capture_on_commit_callbacks
):
    export = ask(alice, "/api/v1/measures/", django_capture_on_commit_callbacks).json()
    for other in (bob, api):
        assert other.get(export["url"]).status_code == 404
        assert other.get(f"{export['url']}download/").status_code == 404
    assert bob.get("/api/v1/exports/").json()["results"] == []
    assert [e["key"] for e in alice.get("/api/v1/exports/").json()["results"]] == [export["key"]]
    assert alice.get(f"{export['url']}download/").status_code == 200


def test_an_anonymous_export_is_reachable_by_its_key_only(
    api, alice, demo, django_capture_on_commit_callbacks
):
    export = ask(api, "/api/v1/measures/", django_capture_on_commit_callbacks).json()
    assert Export.objects.get(pk=export["key"]).requested_by is None
    assert api.get(export["url"]).json()["status"] == "done"
    assert alice.get(f"{export['url']}download/").status_code == 200
    assert api.get("/api/v1/exports/").json()["results"] == []
    assert alice.get("/api/v1/exports/").json()["results"] == []


@pytest.mark.parametrize(
    "path",
    [
        "http://elsewhere.example/api/v1/trade-flows/",
        "https://testserver.elsewhere.example/api/v1/trade-flows/",
        "ftp://testserver/api/v1/trade-flows/",
        "//elsewhere.example/api/v1/trade-flows/",
        "nonsense",
        "",
        "   ",
        "/api/v1/no-such-list/",
        "/api/v1/measures/1/",
        "/api/v1/tariff-lookup/?importer=USA&exporter=JPN&hs=870323",
        "/api/v1/effective-rate/?importer=USA&exporter=JPN&start=2025-01-01",
        "/api/v1/exports/",
        "/api/v1/schema/",
        "/admin/",
        "/measures/",
        "/api/v1/trade-flows/\x00",
        "/api/v1/trade-flows/?reporter=ZZZ",
        "/api/v1/measures/?on=not-a-date",
        "x" * 2001,
    ],
)
def test_a_bad_path_is_a_400_naming_path(alice, demo, path, django_capture_on_commit_callbacks):
    response = ask(alice, path, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert list(response.json()) == ["path"]
    assert not Export.objects.exists()


def test_a_missing_path_is_a_400_naming_path(alice, db):
    response = alice.post("/api/v1/exports/", {}, format="json")
    assert (response.status_code, list(response.json())) == (400, ["path"])


def test_a_url_of_this_site_is_taken_as_its_path(alice, demo, django_capture_on_commit_callbacks):
    url = "http://testserver/api/v1/measures/?issuer=USA&page=2&format=json"
    response = ask(alice, url, django_capture_on_commit_callbacks)
    assert response.status_code == 202
    assert response.json()["path"] == "/api/v1/measures/?issuer=USA"


def test_without_anonymous_reads_an_anonymous_client_may_not_ask(api, demo, settings):
    settings.API_ALLOW_ANONYMOUS_READ = False
    response = api.post("/api/v1/exports/", {"path": "/api/v1/measures/"}, format="json")
    assert response.status_code == 401
    assert not Export.objects.exists()


def test_a_failed_export_is_marked_failed_with_no_file(
    alice, demo, settings, tmp_path, django_capture_on_commit_callbacks
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"  # the file cannot be stored under a plain file
    export = ask(alice, "/api/v1/trade-flows/", django_capture_on_commit_callbacks).json()
    export = alice.get(export["url"]).json()
    assert export["status"] == "failed"
    assert export["error"]
    assert (export["rows"], export["download_url"]) == (None, None)
    assert Export.objects.get(pk=export["key"]).file.name == ""
    response = alice.get(f"{export['url']}download/")
    assert response.status_code == 409
    assert response.json()["status"] == "failed"


def test_a_queued_export_has_nothing_to_download_yet(alice, django_user_model):
    user = django_user_model.objects.get(username="alice")
    export = Export.objects.create(path="/api/v1/measures/", requested_by=user)
    response = alice.get(f"/api/v1/exports/{export.key}/download/")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "The export is queued; its file can be downloaded once it is done.",
        "status": "queued",
    }


def test_an_unknown_or_malformed_key_is_a_404(alice, db):
    assert alice.get("/api/v1/exports/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert alice.get("/api/v1/exports/not-a-key/").status_code == 404


def test_an_export_changes_no_data_version(alice, demo, django_capture_on_commit_callbacks):
    before = DataVersion.latest()
    ask(alice, "/api/v1/measures/", django_capture_on_commit_callbacks)
    assert Export.objects.get().is_done
    assert DataVersion.latest() == before


def test_old_exports_are_deleted_with_their_files(
    alice, demo, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_KEEP_DAYS = 7
    old = ask(alice, "/api/v1/measures/", django_capture_on_commit_callbacks).json()
    recent = ask(alice, "/api/v1/rounds/", django_capture_on_commit_callbacks).json()
    Export.objects.filter(pk=old["key"]).update(
        created_at=timezone.now() - dt.timedelta(days=7, minutes=1)
    )
    old_file = Export.objects.get(pk=old["key"]).file
    assert old_file.storage.exists(old_file.name)

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("delete_old_exports", stdout=out)
    assert out.getvalue().strip() == "Deleted 1 exports older than 7 days."
    assert list(Export.objects.values_list("pk", flat=True)) == [
        Export.objects.get(pk=recent["key"]).pk
    ]
    assert not old_file.storage.exists(old_file.name)
    assert alice.get(old["url"]).status_code == 404
    assert alice.get(f"{recent['url']}download/").status_code == 200


def test_the_schema_declares_the_exports(api, db):
    paths = api.get("/api/v1/schema/", {"format": "json"}).json()["paths"]
    assert {"post", "get"} <= set(paths["/api/v1/exports/"])
    detail = next(p for p in paths if p.startswith("/api/v1/exports/{") and p.count("/") == 5)
    assert "get" in paths[detail]
    download = f"{detail}download/"
    assert "text/csv" in paths[download]["get"]["responses"]["200"]["content"]


def test_the_admin_shows_exports_read_only(client, django_user_model, db):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(root)
    export = Export.objects.create(path="/api/v1/measures/")
    assert client.get("/admin/core/export/").status_code == 200
    assert client.get(f"/admin/core/export/{export.pk}/change/").status_code == 200
    assert client.get("/admin/core/export/add/").status_code == 403
    assert client.post(f"/admin/core/export/{export.pk}/delete/").status_code == 403
