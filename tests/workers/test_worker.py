"""A real `celery -A config worker` on the real Redis broker refreshes from the loopback sources.

These need PostgreSQL (the worker is another process and must reach the test database) and
Redis; they skip without them, and fail under REQUIRE_SERVICES=1. The worker uses a Redis
database and a queue of its own, and is always killed before the test ends.
"""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from decimal import Decimal
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
import redis
from celery import Celery
from django.conf import settings
from django.db import connection

from commodities.models import RefreshRun, TradeFlow
from tests.factories import EconomyFactory

from .conftest import COMTRADE_ANNUAL, Params, recorded, respond, stored_flows
from .worker_settings import CELERY_BROKER_TRANSPORT_OPTIONS

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

# The worker tests' own Redis database, emptied before and after each test: 15, then one less
# for each further process of the suite (config/settings/test.py gives them 1, 2 and on).
REDIS_DATABASE = 15 - int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:])
WAIT = 60.0  # the longest any step may take before the test gives up
TASK = "commodities.tasks.refresh_trade_flows"
SERIES = {
    "source": "comtrade",
    "reporter": "USA",
    "partner": "JPN",
    "codes": ["870323", "870324"],
    "years": [2023, 2024],
}


def flow(code, year, flow, value, quantity, unit):
    return ("comtrade", "USA", "JPN", code, year, 0, flow, Decimal(value), Decimal(quantity), unit)


# What one run of SERIES leaves, from the recorded 2023 and 2024 answers.
ONE_RUN = [
    flow("870323", 2023, "M", "24315672011.50", "1012345.000", "u"),
    flow("870323", 2023, "X", "412345678.90", "9876.000", "u"),
    flow("870323", 2024, "M", "25501234567.25", "1043210.000", "u"),
    flow("870324", 2023, "M", "10987654321.00", "301234.000", "u"),
    flow("870324", 2024, "X", "98765432.00", "3456789.500", "kg"),
]


@pytest.fixture
def broker(redis_url):
    url = urlunsplit(urlsplit(redis_url)._replace(path=f"/{REDIS_DATABASE}"))
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture
def worker_env(broker, postgres, loopback, parties):
    """The environment of a worker that sees this test's database and sources."""
    return worker_environment(broker, loopback)


def worker_environment(broker, loopback):
    database = connection.settings_dict
    password = quote(database["PASSWORD"] or "", safe="")
    base = loopback.url_for("/").rstrip("/")
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "COMTRADE_", "CENSUS_", "FEDERAL_REGISTER_"))
    }
    return environment | {
        "DJANGO_SETTINGS_MODULE": "tests.workers.worker_settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{password}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": broker,
        "COMTRADE_BASE_URL": f"{base}/comtrade",
        "CENSUS_BASE_URL": f"{base}/census",
        "FEDERAL_REGISTER_BASE_URL": f"{base}/federal-register",
    }


@pytest.fixture
def queue():
    return f"workers-test-{uuid.uuid4().hex[:12]}"


class Worker:
    def __init__(self, process, log_path):
        self.process = process
        self.log_path = log_path

    def log(self):
        return self.log_path.read_text(errors="replace")[-4000:]

    def kill(self):
        """SIGKILL, as a crash or an OOM kill would: no chance to finish or acknowledge."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=WAIT)


@contextmanager
def celery_worker(env, queue, name, tmp_path):
    log_path = tmp_path / f"{name}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                f"--queues={queue}",
                f"--hostname={name}-{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so that a kill takes it all
        )
    worker = Worker(process, log_path)
    try:
        yield worker
    finally:
        worker.kill()


def enqueue(broker, queue, **kwargs):
    client = Celery("tests", broker=broker)
    try:
        return client.send_task(TASK, kwargs=kwargs, queue=queue).id
    finally:
        client.close()


def wait_for(condition, worker, what):
    """Waits for what a running worker is to do; fails at once should the worker stop."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        if worker.process.poll() is not None:
            pytest.fail(f"the worker stopped while waiting for {what}:\n{worker.log()}")
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}:\n{worker.log()}")


def wait_until(condition, what):
    """Waits for what no worker does, such as the end of a killed worker's database session.

    The server notices that a killed client's connection is gone in its own time, after the
    worker process has already died.
    """
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def serve_two_years(sources, answer_2024=None):
    sources.expect_request(COMTRADE_ANNUAL, query_string=Params(period=2023)).respond_with_data(
        recorded("comtrade/preview_annual_2023.json")
    )
    handler = sources.expect_request(COMTRADE_ANNUAL, query_string=Params(period=2024))
    if answer_2024 is None:
        handler.respond_with_data(recorded("comtrade/preview_annual_2024.json"))
    else:
        handler.respond_with_handler(answer_2024)


class Gate:
    """Holds the first request until opened; the ones after pass straight through."""

    def __init__(self, response):
        self.response = response
        self.reached = threading.Event()
        self.opened = threading.Event()

    def __call__(self, request):
        self.reached.set()
        self.opened.wait(WAIT)
        return self.response


def test_a_worker_refreshes_a_series_queued_on_the_broker(
    worker_env, broker, queue, sources, tmp_path
):
    serve_two_years(sources)
    with celery_worker(worker_env, queue, "worker", tmp_path) as worker:
        task_id = enqueue(broker, queue, **SERIES)
        finished = RefreshRun.objects.filter(task_id=task_id).exclude(status="running")
        wait_for(finished.exists, worker, "the run to finish")

    run = finished.get()
    assert (run.status, run.error, run.series) == ("succeeded", "", "comtrade:USA:JPN")
    assert (run.rows_inserted, run.rows_updated, run.rows_unchanged) == (5, 0, 0)
    assert run.parameters == {
        "reporter": "USA",
        "partner": "JPN",
        "codes": ["870323", "870324"],
        "years": [2023, 2024],
        "frequency": "A",
        "flows": ["M", "X"],
        "endpoint": "preview",
    }
    assert stored_flows() == ONE_RUN


def test_a_worker_killed_mid_refresh_leaves_exactly_one_runs_rows_once_redelivered(
    worker_env, broker, queue, sources, tmp_path
):
    gate = Gate(respond(recorded("comtrade/preview_annual_2024.json")))
    serve_two_years(sources, answer_2024=gate)

    with celery_worker(worker_env, queue, "first", tmp_path) as first:
        task_id = enqueue(broker, queue, **SERIES)
        running = RefreshRun.objects.filter(task_id=task_id, status="running")
        wait_for(lambda: gate.reached.is_set() and running.exists(), first, "the second page")
        delivered_by = time.monotonic()  # the worker took the message before it ran it
        first.kill()  # mid-run: 2023 fetched, 2024 on its way, nothing written
    gate.opened.set()

    # The message was never acknowledged (acks_late); once the broker's visibility timeout
    # has passed since the worker took it (not since it was sent: the worker takes it only
    # once it has started), the next worker to start is handed it again. A worker restores
    # such messages when it starts, and then only every 100 s, longer than the test waits.
    visibility = CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    time.sleep(max(0.0, delivered_by + visibility + 0.5 - time.monotonic()))
    with celery_worker(worker_env, queue, "second", tmp_path) as second:
        succeeded = RefreshRun.objects.filter(task_id=task_id, status="succeeded")
        wait_for(succeeded.exists, second, "the redelivered run to succeed")

    assert stored_flows() == ONE_RUN
    runs = list(
        RefreshRun.objects.filter(task_id=task_id)
        .order_by("started_at")
        .values_list("status", "rows_inserted")
    )
    assert runs == [("failed", 0), ("succeeded", 5)]
    interrupted = RefreshRun.objects.get(task_id=task_id, status="failed")
    assert interrupted.error.startswith("interrupted: the run stopped before it finished")


def write_flows_file(path, economies, rows):
    """A CSV in our format with `rows` distinct series points between `economies`."""
    pairs = [(a, b) for a in economies for b in economies if a != b]
    points = (
        (reporter, partner, code, year, month, flow)
        for year in range(1950, 2101)
        for month in range(13)
        for reporter, partner in pairs
        for code in ("870323", "870324")
        for flow in ("M", "X")
    )
    with open(path, "w") as out:
        out.write("reporter,partner,hs_code,year,month,flow,value_usd,quantity,quantity_unit\n")
        for index, (reporter, partner, code, year, month, flow) in zip(
            range(rows), points, strict=False
        ):
            out.write(f"{reporter},{partner},{code},{year},{month},{flow},{index}.25,,\n")


def staging_in_progress():
    """Whether another session has the refresh's staging table in an open transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL "
            "AND query LIKE %s",
            ["%tradeflow_staging%"],
        )
        return cursor.fetchone()[0] > 0


def other_sessions():
    """The client sessions on the test database, other than this test's own, that hold a
    transaction open (an idle connection left by an earlier test holds nothing back)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend' "
            "AND xact_start IS NOT NULL"
        )
        return cursor.fetchone()[0]


def test_a_worker_killed_while_writing_commits_nothing_and_the_rerun_writes_once(
    worker_env, broker, queue, tmp_path
):
    economies = ["USA", "JPN"] + [
        EconomyFactory(iso3=f"X{letter}A", name=f"Economy {letter}").iso3 for letter in "ABCDEFGH"
    ]
    rows = 60_000
    path = tmp_path / "flows.csv"
    write_flows_file(path, economies, rows)

    with celery_worker(worker_env, queue, "first", tmp_path) as first:
        task_id = enqueue(broker, queue, source="file", path=str(path))
        wait_for(staging_in_progress, first, "the rows to be staged")
        delivered_by = time.monotonic()  # the worker took the message before it staged rows
        first.kill()  # mid-write: rows staged, the transaction not committed
    # The worker is dead: the wait is for the server, not for it.
    wait_until(lambda: other_sessions() == 0, "the killed worker's session to end")
    assert TradeFlow.objects.count() == 0

    visibility = CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    time.sleep(max(0.0, delivered_by + visibility + 0.5 - time.monotonic()))
    with celery_worker(worker_env, queue, "second", tmp_path) as second:
        succeeded = RefreshRun.objects.filter(task_id=task_id, status="succeeded")
        wait_for(succeeded.exists, second, "the redelivered run to succeed")

    assert succeeded.get().rows_inserted == rows
    assert TradeFlow.objects.count() == rows
    assert TradeFlow.objects.filter(source="file", year=1950, month=0).count() == 360
