"""The worker tests: every source is a loopback HTTP server serving recorded responses."""

import threading
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from pytest_httpserver import HTTPServer
from pytest_httpserver.httpserver import QueryMatcher
from werkzeug import Response

from commodities.models import TradeFlow
from tests.factories import CommodityFactory, EconomyFactory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
COMTRADE_ANNUAL = "/comtrade/public/v1/preview/C/A/HS"
COMTRADE_MONTHLY = "/comtrade/public/v1/preview/C/M/HS"
CENSUS_IMPORTS = "/census/imports/hs"
CENSUS_EXPORTS = "/census/exports/hs"
FEDERAL_REGISTER = "/federal-register/documents.json"


def recorded(name: str) -> str:
    return (FIXTURES / name).read_text()


def respond(text: str, status: int = 200, headers=None) -> Response:
    return Response(text, status=status, headers=headers, content_type="application/json")


class Params(QueryMatcher):
    """Matches a request whose query has these parameters, whatever else it has."""

    def __init__(self, **expected):
        self.expected = {name: str(value) for name, value in expected.items()}

    def get_comparing_values(self, request_query_string):
        query = dict(parse_qsl(request_query_string.decode(), keep_blank_values=True))
        return {name: query.get(name) for name in self.expected}, self.expected

    def __repr__(self):
        return f"Params({self.expected})"


class Arrivals:
    """A handler that answers in turn and notes when each request came."""

    def __init__(self, *responses):
        self.responses = list(responses)
        self.times = []
        self.lock = threading.Lock()

    def __call__(self, request):
        with self.lock:
            self.times.append(time.monotonic())
            index = min(len(self.times), len(self.responses)) - 1
        response = self.responses[index]
        return response if isinstance(response, Response) else response(request)


class LoopbackServer(HTTPServer):
    """A threaded test server that can wait for the requests it is still answering.

    A slow answer outlives the client that gave up on it; waiting for it keeps its log entry
    out of the next test.
    """

    def __init__(self):
        super().__init__(host="127.0.0.1", port=0, threaded=True)
        self.release = threading.Event()
        self.in_flight = 0
        self.idle = threading.Condition()

    def application(self, request):
        with self.idle:
            self.in_flight += 1
        try:
            return super().application(request)
        finally:
            with self.idle:
                self.in_flight -= 1
                self.idle.notify_all()

    def reset(self, timeout=10.0):
        self.release.set()
        with self.idle:
            self.idle.wait_for(lambda: self.in_flight == 0, timeout=timeout)
        self.clear()
        self.release.clear()


def slow(seconds: float, then: Response):
    """A response that comes after the client has given up waiting (or when the test ends)."""

    def answer(request):
        Plugin.server.release.wait(seconds)
        return then

    return answer


class Plugin:
    server: LoopbackServer | None = None


@pytest.fixture(scope="session")
def loopback():
    server = LoopbackServer()
    server.start()
    Plugin.server = server
    yield server
    server.reset()
    server.stop()


@pytest.fixture
def sources(loopback):
    """The loopback server, with no handler yet; every source's base URL points at it."""
    loopback.reset()
    yield loopback
    loopback.reset()


@pytest.fixture(autouse=True)
def worker_settings(settings, loopback):
    """No test reaches a real source; retries are fast; locks are this test's own."""
    base = loopback.url_for("/").rstrip("/")
    settings.COMTRADE_BASE_URL = f"{base}/comtrade"
    settings.COMTRADE_API_KEY = ""
    settings.CENSUS_BASE_URL = f"{base}/census"
    settings.CENSUS_API_KEY = ""
    settings.FEDERAL_REGISTER_BASE_URL = f"{base}/federal-register"
    settings.CONNECTOR_CONNECT_TIMEOUT = 2.0
    settings.CONNECTOR_READ_TIMEOUT = 2.0
    settings.CONNECTOR_MAX_ATTEMPTS = 3
    settings.CONNECTOR_BACKOFF_BASE = 0.01
    settings.CONNECTOR_BACKOFF_MAX = 0.05
    settings.TRADE_REFRESH_LOCK_PREFIX = f"tariff-tracker-test-{uuid.uuid4().hex}:"
    return settings


@pytest.fixture
def usa(db):
    return EconomyFactory(iso3="USA", name="United States", comtrade_code=842)


@pytest.fixture
def japan(db):
    return EconomyFactory(iso3="JPN", name="Japan", comtrade_code=392, census_code="5880")


@pytest.fixture
def cars(db):
    """The two HS subheadings of passenger cars the recorded responses report."""
    return [CommodityFactory(code="870323"), CommodityFactory(code="870324")]


@pytest.fixture
def parties(usa, japan, cars):
    return usa, japan


def stored_flows(**filters):
    """Every stored trade flow as a tuple, in a stable order, for value-by-value checks."""
    return list(
        TradeFlow.objects.filter(**filters)
        .order_by("source", "reporter__iso3", "partner__iso3", "commodity", "year", "month", "flow")
        .values_list(
            "source",
            "reporter__iso3",
            "partner__iso3",
            "commodity_id",
            "year",
            "month",
            "flow",
            "value_usd",
            "quantity",
            "quantity_unit",
        )
    )
