"""API tokens (django-rest-knox): issued by the login endpoint, stored as a hash, expiring,
revoked by logging out, and never shown in the admin."""

import base64
import datetime as dt
import io
import time

import pytest
from django.core.management import CommandError, call_command
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient

from core.groups import EDITOR

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # the factory's
LOGIN = "/api/v1/auth/login/"
SOURCE = {"publisher": "Kyodo", "title": "Talks", "kind": "press"}


def basic(username, password=PASSWORD):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", groups=[EDITOR])


def log_in(username, password=PASSWORD):
    return APIClient().post(LOGIN, HTTP_AUTHORIZATION=basic(username, password))


def with_token(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_token_from_the_login_endpoint_is_stored_as_a_hash_and_authenticates(editor):
    response = log_in("editor")
    assert response.status_code == 200
    token = response.json()["token"]
    stored = AuthToken.objects.get(user=editor)
    assert stored.digest == hash_token(token) != token
    assert token not in {stored.digest, stored.token_key}
    assert with_token(token).post("/api/v1/sources/", SOURCE, format="json").status_code == 201


def test_a_token_expires_after_its_lifetime(editor, settings):
    settings.REST_KNOX = settings.REST_KNOX | {"TOKEN_TTL": dt.timedelta(seconds=1)}
    response = log_in("editor")
    expiry = dt.datetime.fromisoformat(response.json()["expiry"])
    assert dt.timedelta(0) < expiry - AuthToken.objects.get().created <= dt.timedelta(seconds=1)
    token = response.json()["token"]
    assert with_token(token).get("/api/v1/sources/").status_code == 200
    time.sleep(1.1)
    refused = with_token(token).get("/api/v1/sources/")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Token"


def test_the_default_lifetime_comes_from_the_settings(editor, settings):
    settings.REST_KNOX = settings.REST_KNOX | {"TOKEN_TTL": dt.timedelta(hours=3)}
    log_in("editor")
    token = AuthToken.objects.get()
    assert abs(token.expiry - token.created - dt.timedelta(hours=3)) < dt.timedelta(seconds=5)


# The login answers outside the request's transaction; a refusal rolls back the test's own
# unless the test runs outside one, as a real request does.
@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_gets_no_token(editor):
    response = log_in("editor", "wrong")
    assert response.status_code == 401
    assert not AuthToken.objects.exists()


def test_logging_out_revokes_the_token(editor):
    token = log_in("editor").json()["token"]
    assert with_token(token).post("/api/v1/auth/logout/").status_code == 204
    assert with_token(token).get("/api/v1/sources/").status_code == 401
    assert not AuthToken.objects.exists()


def test_logging_out_everywhere_revokes_every_token_of_the_user(editor):
    first, second = (log_in("editor").json()["token"] for _ in range(2))
    assert with_token(first).post("/api/v1/auth/logout-all/").status_code == 204
    assert with_token(second).get("/api/v1/sources/").status_code == 401


def test_an_anonymous_write_is_told_to_authenticate_with_a_token(db):
    response = APIClient().post("/api/v1/sources/", SOURCE, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_the_admin_shows_no_part_of_a_token(client, editor):
    token = log_in("editor").json()["token"]
    stored = AuthToken.objects.get()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    listing = client.get("/admin/knox/authtoken/")
    assert listing.status_code == 200
    page = client.get(f"/admin/knox/authtoken/{stored.pk}/change/")
    assert page.status_code == 200
    for shown in (listing.content.decode(), page.content.decode()):
        assert "editor" in shown
        assert token not in shown and stored.token_key not in shown
    assert client.get("/admin/knox/authtoken/add/").status_code == 403


def test_the_command_issues_a_token_for_the_hours_asked(editor):
    out = io.StringIO()
    call_command("create_api_token", "editor", "--hours", "2", stdout=out, stderr=io.StringIO())
    stored = AuthToken.objects.get()
    assert stored.digest == hash_token(out.getvalue().strip())
    assert abs(stored.expiry - stored.created - dt.timedelta(hours=2)) < dt.timedelta(seconds=5)
    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("create_api_token", "nobody")
