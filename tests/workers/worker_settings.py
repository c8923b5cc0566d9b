"""Settings for a real Celery worker started by the tests: the test settings, not eager.

The tests pass DATABASE_URL (the test database), REDIS_URL (a Redis database of their own)
and the sources' base URLs (the loopback server) in the worker's environment.
"""

from config.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
# A message whose worker died is handed out again this soon after its delivery; the tests
# wait that long before starting the next worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3}
CONNECTOR_BACKOFF_BASE = 0.01
CONNECTOR_BACKOFF_MAX = 0.05
# A killed worker's series lock frees itself quickly, and a run that finds it taken tries
# again soon.
TRADE_REFRESH_LOCK_TIMEOUT = 3.0
TRADE_REFRESH_BUSY_RETRY_DELAY = 1.0
