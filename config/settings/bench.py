"""Settings for the benchmarks in bench/: production's, served over loopback HTTP.

Never deployed. Adds the baseline views of `bench.urls` beside the site's own URLs.
"""

import os

# Production refuses to start without these; a benchmark is not a deployment.
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-key-never-used-to-serve-anyone-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
# The load generator speaks plain HTTP on loopback; there is no TLS proxy in front.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
# One load generator sends far more than one person would; the throttle still runs on every
# request (it reads and writes the cache), it just never refuses.
os.environ.setdefault("API_ANON_RATE", "100000000/minute")

from .production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# Static files are served from the app folders: a benchmark has no collectstatic step.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

LOGGING = LOGGING | {"root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
