"""Anonymous clients are throttled; a throttled client is told when to come back."""

import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_per_minute(monkeypatch):
    cache.clear()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    yield
    cache.clear()


def test_an_anonymous_client_over_its_rate_gets_429_with_retry_after(api, three_per_minute):
    statuses = [api.get("/api/v1/economies/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = api.get("/api/v1/economies/")
    assert int(refused["Retry-After"]) > 0
    assert "throttled" in refused.json()["detail"].lower()


def test_an_authenticated_client_is_not_held_to_the_anonymous_rate(analyst_api, three_per_minute):
    statuses = {analyst_api.get("/api/v1/economies/").status_code for _ in range(5)}
    assert statuses == {200}


def test_a_client_cannot_escape_its_count_by_sending_x_forwarded_for(api, three_per_minute):
    """With no proxy in front, X-Forwarded-For is whatever the client wrote: it is ignored."""
    statuses = [
        api.get("/api/v1/economies/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_behind_a_proxy_the_address_it_saw_is_counted(api, three_per_minute, settings):
    """Behind one proxy (production), the address the proxy appended is the client's, however
    the client began the header."""
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {"NUM_PROXIES": 1}
    spoofed = [f"198.51.100.{n}, 203.0.113.9" for n in range(4)]
    statuses = [api.get("/api/v1/economies/", HTTP_X_FORWARDED_FOR=x).status_code for x in spoofed]
    assert statuses == [200, 200, 200, 429]
    other = api.get("/api/v1/economies/", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.10")
    assert other.status_code == 200


# Two processes of the site, as two gunicorn workers are: each sends its requests through
# Django's whole stack, with the settings `make run` uses (no REDIS_URL) and a low rate.
REQUESTS = """
from django.core.cache import cache
from django.test import Client
if {clear_first}:
    cache.clear()
client = Client()
print(*[client.get("/api/v1/economies/").status_code for _ in range({count})])
"""


def manage(database_url, *args):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "API_ANON_RATE": "4/minute",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def site_process(database_url, count, clear_first=False):
    code = REQUESTS.format(count=count, clear_first=clear_first)
    output = manage(database_url, "shell", "-c", code)
    return [int(status) for status in output.split()[-count:]] if count else []


@pytest.mark.django_db(transaction=True)
def test_two_processes_without_redis_count_a_client_together(postgres):
    """Without Redis the throttle's counts are in the database cache, which every process of
    the site shares: a client cannot get a rate per process by landing on another worker."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    database_url = urlunsplit(parts._replace(path=f"/{postgres.settings_dict['NAME']}"))
    manage(database_url, "createcachetable")  # as `migrate` does (the suite may use Redis)
    try:
        assert site_process(database_url, 3, clear_first=True) == [200, 200, 200]
        assert site_process(database_url, 3) == [200, 429, 429]
    finally:
        site_process(database_url, 0, clear_first=True)
