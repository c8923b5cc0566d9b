"""Settings come from the environment; production refuses to start without a secret key."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_ALLOWED_HOSTS": "tracker.example.org",
}


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = manage("check", **PRODUCTION)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_the_deployment_checklist_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_a_redis_url_celery_runs_tasks_in_process():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER)",
        DJANGO_SETTINGS_MODULE="config.settings.local",
        REDIS_URL="",
    )
    assert result.stdout.strip().endswith("True")


def test_with_a_redis_url_celery_uses_it_as_broker():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL)",
        DJANGO_SETTINGS_MODULE="config.settings.local",
        REDIS_URL="redis://127.0.0.1:6379/5",
    )
    assert result.stdout.strip().endswith("False redis://127.0.0.1:6379/5")


def test_without_a_database_url_the_embedded_sqlite_file_is_used():
    result = manage(
        "shell",
        "-c",
        "from django.db import connection; print(connection.vendor)",
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL="",
    )
    assert result.stdout.strip().endswith("sqlite")
