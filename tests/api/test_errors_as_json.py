"""Every API error is JSON, whatever the client's Accept header or `format` asks for: DRF's
errors, Django's (unknown address, refused host, server error) and the API's own limits."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

API = "/api/v1"
BROWSER = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8"}


def assert_json_error(response, status, detail=None):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json", response.content[:300]
    body = response.json()
    if detail is not None:
        assert body == {"detail": detail}
    return body


def test_an_unknown_api_address_is_a_json_404(api):
    assert_json_error(api.get(f"{API}/nowhere/", **BROWSER), 404, "Not found.")


def test_an_unknown_item_is_a_json_404(api, demo):
    assert_json_error(api.get(f"{API}/negotiations/no-such-talks/", **BROWSER), 404)


def test_a_method_the_address_does_not_take_is_a_json_405_with_allow(editor_api):
    response = editor_api.delete(f"{API}/negotiations/", **BROWSER)
    assert_json_error(response, 405, 'Method "DELETE" not allowed.')
    assert response["Allow"] == "GET, POST, HEAD, OPTIONS"


@pytest.mark.parametrize("path", ["tariff-lookup/", "effective-rate/"])
def test_a_write_to_a_computed_answer_is_a_json_405_not_a_refusal(editor_api, api, path):
    for client in (editor_api, api):
        response = client.post(f"{API}/{path}", {}, format="json", **BROWSER)
        assert_json_error(response, 405, 'Method "POST" not allowed.')
        assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_a_body_of_an_unread_media_type_is_a_json_415(editor_api):
    response = editor_api.generic(
        "POST", f"{API}/negotiations/", "title: talks", content_type="text/plain", **BROWSER
    )
    assert_json_error(response, 415, 'Unsupported media type "text/plain" in request.')


def test_malformed_json_is_a_json_400(editor_api):
    response = editor_api.generic(
        "POST", f"{API}/negotiations/", '{"title": ', content_type="application/json", **BROWSER
    )
    body = assert_json_error(response, 400)
    assert body["detail"].startswith("JSON parse error")


def test_an_unacceptable_accept_header_is_a_json_406(api):
    response = api.get(f"{API}/negotiations/", HTTP_ACCEPT="image/png")
    assert_json_error(response, 406, "Could not satisfy the request Accept header.")


def test_an_anonymous_write_is_a_json_401(api):
    response = api.post(f"{API}/negotiations/", {}, format="json", **BROWSER)
    assert_json_error(response, 401, "Authentication credentials were not provided.")


def test_a_refused_filter_on_a_csv_list_is_a_json_400_not_csv(api, demo):
    response = api.get(f"{API}/measures/", {"format": "csv", "issuer": "XXX"})
    body = assert_json_error(response, 400)
    assert list(body) == ["issuer"]


def test_a_refused_host_is_a_json_400_under_the_api(client):
    response = client.get(f"{API}/negotiations/", HTTP_HOST="elsewhere.example", **BROWSER)
    assert_json_error(response, 400, "Bad request.")


@pytest.mark.urls("tests.api.failing_urls")
def test_a_server_error_under_the_api_is_json_and_a_page_elsewhere(db):
    client = Client(raise_request_exception=False)
    response = client.get(f"{API}/broken/", **BROWSER)
    assert_json_error(response, 500, "Server error: the request was not carried out.")
    page = client.get("/broken-page/", **BROWSER)
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")


@pytest.mark.urls("tests.api.failing_urls")
def test_django_refusing_permission_under_the_api_is_json(db):
    response = Client().get(f"{API}/forbidden/", **BROWSER)
    assert_json_error(response, 403, "You do not have permission to perform this action.")
