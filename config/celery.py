"""The Celery app: production settings unless DJANGO_SETTINGS_MODULE names others.

`make worker` and `make beat` run it with the development settings.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("tariff_tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
