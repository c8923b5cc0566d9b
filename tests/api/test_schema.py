"""The OpenAPI schema describes the whole API, its docs work offline, and no input makes it fail."""

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_schema_is_served_as_openapi_3(api, db):
    response = api.get("/api/v1/schema/", {"format": "json"})
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/tariff-lookup/" in schema["paths"]
    assert "/api/v1/measures/{id}/coverage/" in schema["paths"]


WITH_BODY = {"post", "put", "patch"}
WRITES = WITH_BODY | {"delete"}
EVERYWHERE = {"400", "401", "404", "406"}
# A step appended under a record honours If-Match on the record.
STEPS = {
    "/api/v1/concessions/{id}/steps/",
    "/api/v1/measures/{id}/changes/",
    "/api/v1/measures/{id}/scope-lines/",
}


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def expected_errors(method, path):
    codes = set(EVERYWHERE)
    if method in WRITES:
        codes |= {"403", "409"}
    if method in {"put", "patch", "delete"} or (method == "post" and path in STEPS):
        codes.add("412")
    if method in WITH_BODY:
        codes |= {"413", "415"}
    if method == "get":
        codes.add("429")
    return codes


# Beyond the shared answers: a download asked for before its export is done.
OWN_ERRORS = {
    "GET /api/v1/exports/{id}/download/": {"409"},
    "POST /api/v1/auth/login/": {"429"},  # locked out after too many failures
}


def test_every_operation_declares_the_errors_it_can_answer(api, db):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    declared = {
        f"{method.upper()} {path}": {code for code in operation["responses"] if code >= "400"}
        for path, method, operation in operations(schema)
    }
    expected = {
        f"{method.upper()} {path}": expected_errors(method, path)
        | OWN_ERRORS.get(f"{method.upper()} {path}", set())
        for path, method, _ in operations(schema)
    }
    assert declared == expected
    assert len(declared) > 60


def test_errors_are_json_with_a_shared_component(api, db):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    assert components["Error"]["required"] == ["detail"]
    assert components["ValidationError"]["additionalProperties"] == {}
    for path, method, operation in operations(schema):
        for code, answer in operation["responses"].items():
            if code < "400":
                continue
            if code in OWN_ERRORS.get(f"{method.upper()} {path}", ()) and code != "429":
                ref = answer["content"]["application/json"]["schema"]["$ref"]
                own = components[ref.rsplit("/", 1)[1]]
                assert "detail" in own["required"], f"{method} {path} {code}"
                continue
            component = "ValidationError" if code == "400" else "Error"
            assert answer["content"] == {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}
            }, f"{method} {path} {code}"
            assert answer["description"]


def test_detail_and_write_operations_say_what_their_errors_mean(api, db):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    detail = schema["paths"]["/api/v1/negotiations/{slug}/"]
    assert detail["get"]["responses"]["404"]["description"] == "No such item."
    assert detail["delete"]["responses"]["409"]["description"].startswith(
        "Refused: other facts still refer to it"
    )
    listing = schema["paths"]["/api/v1/measures/"]
    assert "No such page" in listing["get"]["responses"]["404"]["description"]
    assert "5,242,880 bytes" in listing["post"]["responses"]["413"]["description"]


@pytest.mark.parametrize("anonymous_reads", [True, False])
def test_reads_are_declared_open_to_anonymous_clients_when_they_are(
    api, db, settings, anonymous_reads
):
    settings.API_ALLOW_ANONYMOUS_READ = anonymous_reads
    if not anonymous_reads:
        api.force_authenticate(UserFactory(username="reader"))
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    for path, method, operation in operations(schema):
        open_to_anyone = {} in operation["security"]
        assert open_to_anyone == (anonymous_reads and method == "get"), f"{method} {path}"
        # A token is what the login gives; every other operation takes one.
        token = {"basicAuth": []} if path == "/api/v1/auth/login/" else {"knoxApiToken": []}
        assert token in operation["security"], f"{method} {path}"


def test_a_missing_link_is_declared_nullable_and_read_as_null(api, demo):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    for name in ("SourceBrief", "Source", "SourceRequest", "PatchedSourceRequest"):
        link = components[name]["properties"]["link"]
        assert (link["format"], link.get("nullable")) == ("uri", True), name
    links = [s["link"] for s in api.get("/api/v1/sources/", {"page_size": 500}).json()["results"]]
    assert None in links and "" not in links
    measure = api.get("/api/v1/measures/").json()["results"][0]["url"]
    cited = [s["link"] for s in api.get(measure).json()["sources"]]
    assert cited and "" not in cited


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
    from ..demo_data import copy_demo

    copy_demo()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(db):
    from knox.models import AuthToken

    from core.groups import EDITOR

    return AuthToken.objects.create(user=UserFactory(username="fuzzer", groups=[EDITOR]))[1]


FUZZ = hypothesis_settings(
    max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


# No server error; every answer's status, media type and body as the schema declares them.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def assert_as_declared(response, case):
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:500]}"
    case.validate_response(response, checks=CHECKS)


# Anonymous writes are refused before any input is read, so anonymous fuzzing covers reads.
@schema.include(method="GET").parametrize()
@FUZZ
def test_no_anonymous_request_the_schema_allows_gets_an_undeclared_answer(case):
    assert_as_declared(case.call(), case)


# Logging out would revoke the fuzzer's own token, and every later case would be a 401.
@schema.exclude(path_regex="/auth/").parametrize()
@FUZZ
def test_no_editor_request_the_schema_allows_gets_an_undeclared_answer(case, editor_token):
    assert_as_declared(case.call(headers={"Authorization": f"Token {editor_token}"}), case)


def test_a_delegation_is_written_with_slugs_and_read_as_people(api, demo):
    """Read, a delegation's head and members are people (slug, name, office); written, slugs."""
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()["components"]["schemas"]
    person = {"$ref": "#/components/schemas/PersonRef"}
    assert schema["Delegation"]["properties"]["members"]["items"] == person
    assert schema["Delegation"]["properties"]["head"] == {"allOf": [person], "nullable": True}
    assert schema["DelegationRequest"]["properties"]["members"]["items"]["type"] == "string"
    from negotiations.models import Delegation

    delegation = Delegation.objects.filter(members__isnull=False).first()
    read = api.get(f"/api/v1/rounds/{delegation.round_id}/").json()["delegations"]
    assert {"slug", "name", "office"} == set(read[0]["members"][0])


def test_a_refused_deletion_is_declared_as_it_is_answered(editor_api, demo):
    schema = editor_api.get("/api/v1/schema/", {"format": "json"}).json()
    declared = schema["components"]["schemas"]["Error"]["properties"]["dependants"]
    answer = editor_api.delete(f"/api/v1/negotiations/{demo.slug}/")
    assert answer.status_code == 409
    dependants = answer.json()["dependants"]
    assert declared["type"] == "array" and isinstance(dependants, list)
    assert set(dependants[0]) == set(declared["items"]["properties"])
