import os

import pytest
from django.db import connection

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def pytest_addoption(parser):
    parser.addoption(
        "--record-answers",
        action="store_true",
        help="Record the API answers of tests/api/recorded_answers.py again.",
    )


@pytest.fixture(autouse=True)
def _nothing_kept_from_another_test():
    """A test's rollback changes the data without bumping its version: what a process keeps
    per version (`core.kept`) is forgotten between tests."""
    from core import kept

    kept.clear_all()
    yield
    kept.clear_all()


# Files that take minutes (the schema's fuzzing), started first: `make test` hands whole files
# to its processes (pytest-xdist, --dist=loadfile), and one of these begun last would leave
# the other processes idle until it ends.
LONG_FILES = ("tests/api/test_schema.py",)


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in LONG_FILES)


def _missing(reason):
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def postgres(db):
    """Marks a test that needs PostgreSQL: skipped on SQLite, failed under REQUIRE_SERVICES=1."""
    if connection.vendor != "postgresql":
        _missing("needs PostgreSQL: set DATABASE_URL")
    return connection


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        _missing("needs Redis: set REDIS_URL")
    return url


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return [
        f"database: {engine}; redis: {'yes' if os.environ.get('REDIS_URL') else 'no'}; "
        f"require services: {REQUIRE_SERVICES}"
    ]
