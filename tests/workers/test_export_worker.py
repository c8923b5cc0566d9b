"""A background export run by a real `celery -A config worker` on the real Redis broker.

Needs PostgreSQL (the worker is another process and must reach the test database) and
Redis; skipped without them, failed under REQUIRE_SERVICES=1. The worker writes the file
where this test reads it (DJANGO_MEDIA_ROOT).
"""

import csv
import io

import pytest
from celery import Celery
from rest_framework.test import APIClient

from commodities.models import TradeFlow
from core.models import Export
from tests.factories import UserFactory

from ..demo_data import copy_demo
from .test_worker import broker, celery_worker, queue, wait_for, worker_environment  # noqa: F401

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_worker_exports_a_list_over_the_limit_with_every_row(
    broker,  # noqa: F811
    queue,  # noqa: F811
    postgres,
    loopback,
    settings,
    tmp_path,
):
    copy_demo()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CSV_MAX_ROWS = 5
    user = UserFactory(username="alice")
    alice, bob = client_for(user), client_for(UserFactory(username="bob"))
    assert alice.get("/api/v1/trade-flows/", {"format": "csv", "reporter": "USA"}).status_code == (
        400
    )

    # What POST /api/v1/exports/ records; its task goes to the worker's queue on the broker.
    export = Export.objects.create(path="/api/v1/trade-flows/?reporter=USA", requested_by=user)
    env = worker_environment(broker, loopback) | {"DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    with celery_worker(env, queue, "exporter", tmp_path) as worker:
        sender = Celery("tests", broker=broker)
        try:
            sender.send_task("core.tasks.run_export", args=[str(export.pk)], queue=queue)
        finally:
            sender.close()
        finished = Export.objects.filter(pk=export.pk, status__in=["done", "failed"])
        wait_for(finished.exists, worker, "the export to finish")

    export.refresh_from_db()
    assert (export.status, export.error) == ("done", "")
    usa_rows = TradeFlow.objects.filter(reporter__iso3="USA").count()
    assert usa_rows > 5
    assert export.rows == usa_rows

    url = f"/api/v1/exports/{export.pk}/"
    assert alice.get(url).json()["download_url"] == f"http://testserver{url}download/"
    response = alice.get(f"{url}download/")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == usa_rows
    assert {row["reporter"] for row in rows} == {"USA"}
    assert bob.get(url).status_code == 404
    assert bob.get(f"{url}download/").status_code == 404
