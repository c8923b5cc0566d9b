"""Development settings: the embedded default for `make run`."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="insecure-local-development-key-not-for-production-use-0123456789",
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve files straight from the app folders; there is no collectstatic step here.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
