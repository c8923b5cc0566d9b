"""`/health/` for load balancers: the database, the cache and, with REDIS_URL, the Celery
broker. Never the external data sources: a slow UN Comtrade must not take the site out.

200 when every check passes, 500 with the failing check named otherwise (`?format=json`).
"""

from functools import partial

from django.conf import settings
from health_check.views import HealthCheckView

# Seconds a check may wait on its service before it counts as down.
TIMEOUT = 2


def health_checks():
    """The checks for the services this process is configured to use."""
    checks = ["health_check.checks.Database", "health_check.checks.Cache"]
    if settings.REDIS_URL:
        from redis.asyncio import Redis

        client = partial(
            Redis.from_url,
            settings.REDIS_URL,
            socket_connect_timeout=TIMEOUT,
            socket_timeout=TIMEOUT,
        )
        checks.append(("health_check.contrib.redis.Redis", {"client_factory": client}))
    return checks


class HealthView(HealthCheckView):
    """django-health-check's view, with its checks read from the settings on each request."""

    def get_checks(self):
        self.checks = health_checks()
        return super().get_checks()
