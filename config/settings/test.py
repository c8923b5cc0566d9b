"""Settings for the test suite: PostgreSQL and Redis when their URLs are set."""

import os
from urllib.parse import urlsplit, urlunsplit

# `make test` runs the suite in several processes (pytest-xdist). Each has a database of its
# own (pytest-django names it after the worker) and, here, a Redis database of its own: the
# number in REDIS_URL plus 1 + the worker's, so that one worker's tests emptying the cache or
# counting a throttle do not touch another's. Set in the environment before the settings read
# it, so that the processes the tests start (a Celery worker, a site) get the same.
# A process a test starts inherits both variables and finds the number already moved
# (TEST_REDIS_MOVED), or is given a REDIS_URL of its own.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if (
    _worker.startswith("gw")
    and os.environ.get("REDIS_URL")
    and os.environ.get("TEST_REDIS_MOVED") != _worker
):
    _parts = urlsplit(os.environ["REDIS_URL"])
    _number = int(_parts.path.strip("/") or 0) + 1 + int(_worker[2:])
    os.environ["REDIS_URL"] = urlunsplit(_parts._replace(path=f"/{_number}"))
    os.environ["TEST_REDIS_MOVED"] = _worker

from .base import *  # noqa: E402, F403

SECRET_KEY = "test-only-key-never-used-outside-the-test-suite-0123456789abcdef"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve files straight from the app folders; there is no collectstatic step here.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# The suite sends far more requests than a client may; the throttle's own test lowers it.
REST_FRAMEWORK = REST_FRAMEWORK | {  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"},
}

# Login lockout is off but in its own tests (tests/test_login_lockout.py), which turn it on:
# django-axes needs the request of every login, and the test client's `login()` has none.
AXES_ENABLED = False

# Tasks run in the test process even when REDIS_URL is set; the worker tests start a real
# worker on the broker themselves (tests/workers/worker_settings.py).
CELERY_TASK_ALWAYS_EAGER = True

# The suite runs in one process: without Redis, the local-memory cache, which every test can
# empty without a database. (The site's database cache, shared by processes, is tested with
# processes of its own in tests/api/test_throttling.py.)
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
