"""Settings come from the environment; production refuses to start without a secret key."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_ALLOWED_HOSTS": "tracker.example.org",
}


def manage(*args, **env):
    return python("manage.py", *args, **env)


def python(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | env
    return subprocess.run(
        [sys.executable, *args],
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


# What a server or worker started without DJANGO_SETTINGS_MODULE loads: the entry point,
# then the settings it reads.
ENTRY_POINTS = {
    "config.wsgi": "import config.wsgi",
    "config.asgi": "import config.asgi",
    "config.celery": "from config.celery import app; print(app.conf.task_acks_late)",
}
SHOW_SETTINGS = (
    "; from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"
)


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
def test_servers_and_workers_default_to_production_settings(entry_point):
    result = python("-c", ENTRY_POINTS[entry_point] + SHOW_SETTINGS)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr, result.stderr[-2000:]
    assert "DJANGO_SECRET_KEY" in result.stderr, result.stderr[-2000:]

    result = python(
        "-c",
        ENTRY_POINTS[entry_point] + SHOW_SETTINGS,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="tracker.example.org",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("config.settings.production False"), result.stdout


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


def test_postgresql_connections_price_a_random_read_as_on_ssd(postgres):
    """The planner follows indexes to a page's few rows rather than hashing whole tables."""
    with postgres.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)


def test_the_random_read_price_is_read_from_the_environment(postgres):
    result = manage(
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('SHOW random_page_cost'); print(c.fetchone()[0])",
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        + "/"
        + postgres.settings_dict["NAME"],
        DATABASE_RANDOM_PAGE_COST="2.5",
    )
    assert result.stdout.strip().endswith("2.5"), result.stderr


def test_production_keeps_its_database_connections_between_requests():
    show = (
        "import django; django.setup(); from django.db import connection; "
        "print(connection.settings_dict['CONN_MAX_AGE'], "
        "connection.settings_dict['CONN_HEALTH_CHECKS'])"
    )
    secret = secrets.token_urlsafe(50)
    result = python("-c", show, DJANGO_SECRET_KEY=secret, **PRODUCTION)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["60", "True"]
    result = python("-c", show, DJANGO_SECRET_KEY=secret, CONN_MAX_AGE="0", **PRODUCTION)
    assert result.stdout.split() == ["0", "True"]
