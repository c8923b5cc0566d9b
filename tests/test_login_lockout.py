"""Login lockout (django-axes): after the failure limit of wrong passwords, a username is
refused from that address, right password included, until the cool-off has passed; on the
admin's login form and on the API's token login."""

import base64
import datetime as dt

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from .factories import UserFactory

PASSWORD = "correct horse battery"  # the factory's
ADMIN_LOGIN = "/admin/login/"
API_LOGIN = "/api/v1/auth/login/"
LOCKED = "Too many failed logins"


@pytest.fixture
def lockout(settings):
    """django-axes on (the test settings leave it off), with a limit of its own."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return settings


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def admin_login(client, password, username="root", **headers):
    return client.post(
        ADMIN_LOGIN, {"username": username, "password": password, "next": "/admin/"}, **headers
    )


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def lock(client, settings, **headers):
    """The failure limit's worth of wrong passwords; the last is answered with the lockout."""
    limit = settings.AXES_FAILURE_LIMIT
    answers = [admin_login(client, f"wrong {n}", **headers) for n in range(limit)]
    assert [a.status_code for a in answers] == [200] * (limit - 1) + [429]
    return answers[-1]


@pytest.mark.django_db
def test_the_admin_login_locks_out_after_the_failure_limit_even_the_right_password(
    client, root, lockout
):
    locked = lock(client, lockout)
    assert LOCKED in locked.content.decode()
    assert "15\xa0minutes" in locked.content.decode()
    assert int(locked["Retry-After"]) == 15 * 60

    refused = admin_login(client, PASSWORD)
    assert refused.status_code == 429
    assert LOCKED in refused.content.decode()
    assert client.get("/admin/").status_code == 302  # not logged in


@pytest.mark.django_db
def test_the_lock_is_on_that_username_from_that_address_only(client, root, lockout):
    UserFactory(username="other", is_staff=True, is_superuser=True)
    lock(client, lockout)
    assert logged_in(admin_login(client, PASSWORD, REMOTE_ADDR="198.51.100.7"))
    client.logout()
    assert logged_in(admin_login(client, PASSWORD, username="other"))


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off(client, root, lockout):
    from axes.models import AccessAttempt

    lock(client, lockout)
    past = dt.timedelta(minutes=16)  # the cool-off is 15 minutes
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= past
        attempt.save()
    assert logged_in(admin_login(client, PASSWORD))


@pytest.mark.django_db
def test_a_successful_login_clears_the_count(client, root, lockout):
    below = lockout.AXES_FAILURE_LIMIT - 1
    assert {admin_login(client, "wrong").status_code for _ in range(below)} == {200}
    assert logged_in(admin_login(client, PASSWORD))
    client.logout()
    assert {admin_login(client, "wrong").status_code for _ in range(below)} == {200}
    assert logged_in(admin_login(client, PASSWORD))


@pytest.mark.django_db
def test_behind_the_proxy_the_address_it_saw_is_locked(client, root, lockout):
    """Production: the address the proxy appended to X-Forwarded-For; what the client put
    before it changes nothing."""
    lockout.REST_FRAMEWORK = lockout.REST_FRAMEWORK | {"NUM_PROXIES": 1}
    limit = lockout.AXES_FAILURE_LIMIT
    for n in range(limit):
        admin_login(client, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9")
    spoofed = admin_login(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.9")
    assert spoofed.status_code == 429
    assert logged_in(admin_login(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.10"))


def basic(password, username="root"):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


# Outside a test transaction, as a request is: a refused login's failure must stay counted.
@pytest.mark.django_db(transaction=True)
def test_the_api_token_login_locks_out_too(root, lockout):
    api = APIClient()
    limit = lockout.AXES_FAILURE_LIMIT
    answers = [api.post(API_LOGIN, HTTP_AUTHORIZATION=basic("wrong")) for _ in range(limit)]
    assert [a.status_code for a in answers] == [401] * (limit - 1) + [429]

    refused = api.post(API_LOGIN, HTTP_AUTHORIZATION=basic(PASSWORD))
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith(LOCKED)
    assert int(refused["Retry-After"]) == 15 * 60
    assert not AuthToken.objects.exists()
