"""`/health/` answers 200 while the database, the cache and (with REDIS_URL) the broker
answer, and 500 naming the service that does not."""

import json
import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def closed_port():
    """A loopback port nothing listens on: a connection to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_health_answers_200_with_each_check_named(client):
    response = client.get("/health/", **JSON)
    assert response.status_code == 200
    checks = response.json()
    assert checks["Database(alias='default')"] == "OK"
    assert checks["Cache(alias='default')"] == "OK"
    assert response["Cache-Control"].startswith("max-age=0")


def test_with_redis_the_broker_is_checked_too(client, redis_url, settings):
    settings.REDIS_URL = redis_url
    checks = client.get("/health/", **JSON).json()
    assert [name for name in checks if name.startswith("Redis(")], checks
    assert set(checks.values()) == {"OK"}


def test_an_unreachable_broker_is_a_500_naming_it(client, settings):
    port = closed_port()
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    response = client.get("/health/", **JSON)
    assert response.status_code == 500
    failed = {name: state for name, state in response.json().items() if state != "OK"}
    assert failed == {
        f"Redis(db=0, host='127.0.0.1', port={port})": (
            "Unavailable: Unable to connect to Redis: Connection Error"
        )
    }


def test_an_unreachable_database_is_a_500_under_the_production_settings():
    """The site as deployed (production settings, no Redis: the cache is the database's),
    with its database on a port nothing listens on."""
    code = (
        "from django.test import Client; "
        "r = Client().get('/health/', headers={'Accept': 'application/json'}); "
        "print(r.status_code, r.content.decode())"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "health-test-key-never-used-to-serve-anyone-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port()}/tracker",
        "REDIS_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    checks = json.loads(body)
    assert status == "500"
    assert checks["Database(alias='default')"] != "OK"
    assert checks["Cache(alias='default')"] != "OK"
