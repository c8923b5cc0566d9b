"""With Redis unreachable, the site keeps answering (the cache fails open) and asking for a
refresh says plainly that it could not be queued.

Nothing here stops a Redis: the cache and the broker are pointed at a port where none
listens. The real outage, Redis stopped and restarted under load, is bench/faults.py.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib import messages
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from ..demo_data import copy_demo

CLOSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def unreachable_cache(redis_url, settings):
    """The cache as configured for Redis, pointed where no Redis answers."""
    configured = settings.CACHES["default"]
    settings.CACHES = {"default": {**configured, "LOCATION": CLOSED}}
    return configured


@pytest.fixture
def demo(db):
    return copy_demo()


def test_the_cache_reads_as_empty_and_drops_writes_when_redis_is_unreachable(
    unreachable_cache,
):
    cache.set("answer", 42)
    assert cache.get("answer", "missing") == "missing"


def test_the_api_answers_anonymous_clients_when_the_cache_is_unreachable(unreachable_cache, demo):
    client = APIClient()  # anonymous: each request is throttled through the cache
    for resource in ("measures", "negotiations", "concessions", "trade-flows"):
        assert client.get(f"/api/v1/{resource}/").status_code == 200, resource
    lookup = "/api/v1/tariff-lookup/?importer=USA&exporter=JPN&hs=870323&date=2025-04-10"
    assert client.get(lookup).status_code == 200


def test_the_pages_answer_when_the_cache_is_unreachable(unreachable_cache, demo, client):
    pages = [
        reverse("negotiations:home"),
        reverse("negotiations:negotiation", args=[demo.slug]),
        reverse("tariffs:measure-list"),
        reverse("commodities:browser"),
    ]
    assert {page: client.get(page).status_code for page in pages} == dict.fromkeys(pages, 200)


ENQUEUE = """
import json
import django
django.setup()
from negotiations.admin.refreshes import start_trade_refresh
from negotiations.models import Negotiation
message, level = start_trade_refresh(Negotiation(pk=1, title="Car talks"))
print(json.dumps({"message": message, "level": level}))
"""


def test_asking_for_a_refresh_with_the_broker_unreachable_reports_why():
    """As the admin does it, in a process whose Celery broker is at a closed port."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "REDIS_URL": CLOSED,
        "DATABASE_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", ENQUEUE],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["level"] == messages.ERROR
    assert "Car talks" in answer["message"]
    assert "Connection refused" in answer["message"]
    assert "Nothing was started" in answer["message"]
    assert "Traceback" not in answer["message"]
