"""Settings for the test suite: PostgreSQL and Redis when their URLs are set."""

from .base import *  # noqa: F403

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
