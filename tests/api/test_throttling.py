"""Anonymous clients are throttled; a throttled client is told when to come back."""

import datetime as dt
import os
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle

from core.api.throttling import AnonWindowRateThrottle

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


# Half a minute into a minute of the throttle's windows (which start at multiples of its period).
HALFWAY = dt.datetime(2026, 3, 2, 9, 15, 30, tzinfo=dt.UTC)


def statuses_at(api, moment, count):
    with time_machine.travel(moment, tick=False):
        return [api.get("/api/v1/economies/").status_code for _ in range(count)]


def test_the_previous_minute_counts_for_the_part_of_it_still_within_the_period(
    api, three_per_minute
):
    """3 a minute: three at 9:15:30. At 9:16:00 their minute counts whole (3 >= 3); at 9:16:20
    for the 40 s of it still within the last minute (3 x 40/60 = 2: one more fits, 2 + 1 >= 3);
    at 9:17:30 that one counts for half (0.5: three more fit, 0.5 + 3 >= 3)."""
    assert statuses_at(api, HALFWAY, 3) == [200, 200, 200]
    assert statuses_at(api, HALFWAY + dt.timedelta(seconds=30), 1) == [429]
    assert statuses_at(api, HALFWAY + dt.timedelta(seconds=50), 3) == [200, 429, 429]
    assert statuses_at(api, HALFWAY + dt.timedelta(minutes=2), 4) == [200, 200, 200, 429]


def test_retry_after_is_when_the_count_falls_under_the_rate(api, three_per_minute):
    """Refused at 9:15:30 with three counted this minute: the next minute's share of them falls
    under 3 only once any of that minute has passed, at 9:16:00 plus a second of margin."""
    statuses_at(api, HALFWAY, 3)
    with time_machine.travel(HALFWAY, tick=False):
        refused = api.get("/api/v1/economies/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 31


def test_a_client_costs_two_counters_whatever_its_rate(api, monkeypatch):
    """DRF's own throttle keeps every request's time of the last period; this one two numbers."""
    cache.clear()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})
    statuses = set(statuses_at(api, HALFWAY, 50))
    assert statuses == {200}
    throttle = AnonWindowRateThrottle()
    with time_machine.travel(HALFWAY, tick=False):
        request = api.get("/api/v1/economies/").wsgi_request
        throttle.allow_request(request, None)
        window = int(HALFWAY.timestamp() // 60)
        assert cache.get(f"{throttle.key}:{window}") == 52
    assert throttle.counts == (0, 51)
    cache.clear()


def test_a_refused_request_is_not_counted(api, three_per_minute):
    """Three allowed and four refused at 9:15:30 leave the minute's count at three: at 9:16:30
    half of it counts (1.5), so two more fit (1.5 + 0, 1.5 + 1 < 3) and a third does not
    (1.5 + 2 >= 3). Had the refused counted, 7 x 0.5 = 3.5 would refuse the first."""
    assert statuses_at(api, HALFWAY, 7) == [200, 200, 200, 429, 429, 429, 429]
    key = AnonWindowRateThrottle().cache_format % {"scope": "anon", "ident": "127.0.0.1"}
    # Read at that moment: a cache that checks expiry against the clock (the database's,
    # without Redis) has expired the count by the real time.
    with time_machine.travel(HALFWAY, tick=False):
        assert cache.get(f"{key}:{int(HALFWAY.timestamp() // 60)}") == 3
    assert statuses_at(api, HALFWAY + dt.timedelta(minutes=1), 3) == [200, 200, 429]


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
        "API_ANON_RATE": "4/hour",
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


def within_one_window(seconds_needed=90):
    """Waits, if need be, for the next hour's window to begin: the two processes' counts are
    compared within one window of the rate, not across its turn (where the previous window
    counts only in part)."""
    now = time.time()
    left = 3600 - now % 3600
    if left < seconds_needed:
        time.sleep(left + 1)


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
    within_one_window()
    try:
        assert site_process(database_url, 3, clear_first=True) == [200, 200, 200]
        assert site_process(database_url, 3) == [200, 429, 429]
    finally:
        site_process(database_url, 0, clear_first=True)
