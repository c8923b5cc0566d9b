"""Anonymous clients are throttled; a throttled client is told when to come back."""

import pytest
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
