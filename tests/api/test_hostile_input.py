"""No input is a server error: bodies nested too deep, too large, or holding NUL characters or
lone surrogates get a JSON 400 (or 413) naming what is wrong, and nothing is written."""

import json

import pytest
from django.conf import settings

from config.api.router import router
from negotiations.models import Negotiation
from tariffs.models import Measure

pytestmark = pytest.mark.django_db

API = "/api/v1"
WITH_BODY = ("post", "put", "patch")


def write_operations(schema):
    """Every operation that reads a body (logging in and out read none)."""
    return [
        (method, path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in WITH_BODY and "requestBody" in operation
    ]


def fill_path(path):
    """The path with the key of a real item of its resource (the demo's)."""
    if "{" not in path:
        return path
    prefix = path.removeprefix(f"{API}/").split("/", 1)[0]
    viewset = next(v for p, v, _ in router.registry if p == prefix)
    lookup = viewset.lookup_field
    item = viewset.queryset.model.objects.order_by("pk").first()
    parameter = "id" if lookup == "pk" else lookup
    return path.replace(f"{{{parameter}}}", str(getattr(item, lookup)))


def send(client, method, path, body, content_type="application/json"):
    return getattr(client, method)(path, body, content_type=content_type)


def test_json_nested_thousands_deep_is_a_400_on_every_write_operation(editor_api, demo):
    schema = editor_api.get(f"{API}/schema/", {"format": "json"}).json()
    operations = write_operations(schema)
    assert len(operations) >= 27
    body = "[" * 5000 + "]" * 5000
    answers = {}
    for method, path in operations:
        response = send(editor_api, method, fill_path(path), body)
        answers[f"{method.upper()} {path}"] = (response.status_code, response.json())
    limit = settings.API_MAX_JSON_DEPTH
    expected = (400, {"detail": f"JSON nested deeper than {limit} levels of arrays and objects."})
    assert answers == dict.fromkeys(answers, expected)


def test_the_depth_limit_is_a_setting_and_bodies_within_it_are_read(editor_api, demo, settings):
    settings.API_MAX_JSON_DEPTH = 3
    nested = {"title": "Deep", "scope": [{"code": "8703", "annex": {"a": [1]}}]}
    response = send(editor_api, "post", f"{API}/measures/", json.dumps(nested))
    assert response.status_code == 400
    assert response.json() == {"detail": "JSON nested deeper than 3 levels of arrays and objects."}
    settings.API_MAX_JSON_DEPTH = 32
    response = send(editor_api, "post", f"{API}/measures/", json.dumps(nested))
    assert response.status_code == 400
    assert "detail" not in response.json()  # read, then refused field by field


@pytest.mark.parametrize("first", [r'"\udfff"', r'"\ud800"', "1"])
def test_the_depth_limit_holds_whatever_comes_before_the_nesting(editor_api, demo, first):
    # A lone low surrogate stops the tokenizer; the parsed data is measured instead.
    body = "[" + first + ", " + "[" * 40 + "]" * 40 + "]"
    response = send(editor_api, "post", f"{API}/negotiations/", body)
    assert response.status_code == 400
    limit = settings.API_MAX_JSON_DEPTH
    assert response.json() == {
        "detail": f"JSON nested deeper than {limit} levels of arrays and objects."
    }


NEGOTIATION = {
    "title": "United Kingdom–United States trade talks",
    "status": "active",
    "started_on": "2025-05-08",
    "parties": ["USA", "JPN"],
}


def raw_json(fields):
    """A JSON body written by hand: `\\ud800` stays a lone surrogate escape."""
    return "{" + ", ".join(f'"{key}": {value}' for key, value in fields.items()) + "}"


@pytest.mark.parametrize(
    ("escaped", "message"),
    [
        (r"\ud800", "Surrogate characters are not allowed: U+D800."),
        (r"\udfff", "Surrogate characters are not allowed: U+DFFF."),
        (r"Tokyo\u0000", "Null characters are not allowed."),
    ],
    ids=["high-surrogate", "low-surrogate", "nul"],
)
def test_a_bad_character_in_a_string_is_a_400_naming_the_field(editor_api, demo, escaped, message):
    body = {key: json.dumps(value) for key, value in NEGOTIATION.items()}
    body["title"] = f'"{escaped}"'
    response = send(editor_api, "post", f"{API}/negotiations/", raw_json(body))
    assert response.status_code == 400, response.content
    assert response.json() == {"title": [message]}
    assert not Negotiation.objects.filter(started_on="2025-05-08").exists()


def test_a_bad_character_in_a_relation_or_choice_is_a_400_too(editor_api, demo):
    # An economy code and a status: looked up or matched, never a server error.
    body = {key: json.dumps(value) for key, value in NEGOTIATION.items()}
    body["parties"] = r'["USA", "\ud800"]'
    body["status"] = r'"\u0000"'
    response = send(editor_api, "post", f"{API}/negotiations/", raw_json(body))
    assert response.status_code == 400, response.content
    assert response.json() == {
        "parties": {"1": ["Surrogate characters are not allowed: U+D800."]},
        "status": ["Null characters are not allowed."],
    }


def test_a_bad_character_deep_in_a_nested_write_names_its_path(editor_api, demo):
    measure = Measure.objects.order_by("pk").first()
    body = r'{"scope": [{"code": "8703"}, {"code": "870323", "annex": "II\u0000"}]}'
    before = list(measure.scope_lines.values_list("pk", flat=True))
    response = send(editor_api, "patch", f"{API}/measures/{measure.pk}/", body)
    assert response.status_code == 400, response.content
    assert response.json() == {"scope": {"1": {"annex": ["Null characters are not allowed."]}}}
    assert list(measure.scope_lines.values_list("pk", flat=True)) == before


def test_a_bad_character_in_a_field_name_is_a_400_that_does_not_repeat_it(editor_api, demo):
    body = raw_json({r"\ud800title": '"x"'})
    response = send(editor_api, "post", f"{API}/negotiations/", body)
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["A field name holds a NUL character or a lone surrogate."]
    }


def test_a_form_encoded_write_with_a_nul_is_a_400_naming_the_field(editor_api, demo):
    body = "title=Talks&slug=a%00b&status=active&started_on=2025-05-08&parties=USA&parties=JPN"
    response = send(
        editor_api, "post", f"{API}/negotiations/", body, "application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response.json() == {"slug": ["Null characters are not allowed."]}


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (f"{API}/measures/?search=steel%00", "search"),
        (f"{API}/negotiations/?party=%00", "party"),
        (f"{API}/tariff-lookup/?importer=USA&exporter=JPN&hs=8703%00", "hs"),
        (f"{API}/economies/JP%00/", "iso3"),
    ],
)
def test_a_nul_in_the_address_is_a_400_naming_the_parameter(api, demo, path, field):
    response = api.get(path, HTTP_ACCEPT="text/html")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {field: ["Null characters are not allowed."]}


def measure_of_size(size):
    """A valid measure whose JSON body is exactly `size` bytes (its description pads it)."""
    body = {
        "title": "Bulk entry",
        "issuer": "USA",
        "applies_to_all_economies": True,
        "legal_basis": "other",
        "description": "",
    }
    padding = size - len(json.dumps(body).encode())
    return json.dumps(body | {"description": "x" * padding})


def test_a_body_over_the_limit_is_a_413_before_it_is_read(editor_api, demo):
    limit = settings.API_MAX_BODY_BYTES
    assert 2 * 1024 * 1024 <= limit <= 10 * 1024 * 1024
    body = measure_of_size(limit + 1)
    assert len(body) == limit + 1
    response = send(editor_api, "post", f"{API}/measures/", body)
    assert response.status_code == 413
    assert response.json() == {
        "detail": f"The request body is {limit + 1:,} bytes; the API takes at most "
        f"{limit:,} bytes in one request."
    }
    assert not Measure.objects.filter(title="Bulk entry").exists()


def test_a_100_mb_body_is_refused_from_its_length_without_being_read(editor_api, demo):
    # The announced length is what counts: the 413 comes before a byte of the body is read.
    response = editor_api.generic(
        "POST",
        f"{API}/measures/",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(100 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"


def test_a_body_at_the_limit_is_written(editor_api, demo):
    body = measure_of_size(settings.API_MAX_BODY_BYTES)
    response = send(editor_api, "post", f"{API}/measures/", body)
    assert response.status_code == 201, response.content[:300]
    assert len(Measure.objects.get(title="Bulk entry").description) > 1_000_000


def test_the_body_limit_is_a_setting(editor_api, demo, settings):
    settings.API_MAX_BODY_BYTES = 1000
    response = send(editor_api, "post", f"{API}/measures/", measure_of_size(1001))
    assert response.status_code == 413
    response = send(editor_api, "post", f"{API}/measures/", measure_of_size(1000))
    assert response.status_code == 201
