"""The OpenAPI schema describes the whole API, its docs work offline, and no input makes it fail."""

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from config.wsgi import application

pytestmark = pytest.mark.django_db


def test_the_schema_is_served_as_openapi_3(api, db):
    response = api.get("/api/v1/schema/", {"format": "json"})
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/tariff-lookup/" in schema["paths"]
    assert "/api/v1/measures/{id}/coverage/" in schema["paths"]


def test_the_docs_page_loads_its_assets_from_our_own_static_files(client, db):
    page = client.get("/api/v1/docs/").content.decode()
    assert "https://" not in page.split("<body>")[0]
    for asset in ("swagger-ui-dist/swagger-ui.css", "swagger-ui-dist/swagger-ui-bundle.js"):
        assert f"/static/drf_spectacular_sidecar/{asset}" in page
        assert finders.find(f"drf_spectacular_sidecar/{asset}")
        assert client.get(f"/static/drf_spectacular_sidecar/{asset}").status_code == 200


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def api_schema(db):
    """The demo, in the test's transaction (rolled back after each case, not flushed), with
    the WSGI handler kept from closing that connection at the end of each request, as
    Django's test client does."""
    from negotiations.demo import load_demo

    load_demo()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(db):
    from knox.models import AuthToken

    from core.groups import EDITOR

    from ..factories import UserFactory

    return AuthToken.objects.create(user=UserFactory(username="fuzzer", groups=[EDITOR]))[1]


FUZZ = settings(
    max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


def assert_no_server_error(response, case):
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:500]}"


# Anonymous writes are refused before any input is read, so anonymous fuzzing covers reads.
@schema.include(method="GET").parametrize()
@FUZZ
def test_no_anonymous_request_the_schema_allows_gets_a_server_error(case):
    assert_no_server_error(case.call(), case)


# Logging out would revoke the fuzzer's own token, and every later case would be a 401.
@schema.exclude(path_regex="/auth/").parametrize()
@FUZZ
def test_no_editor_request_the_schema_allows_gets_a_server_error(case, editor_token):
    assert_no_server_error(case.call(headers={"Authorization": f"Token {editor_token}"}), case)
