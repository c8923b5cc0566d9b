"""Every answer carries a strict Content Security Policy (django-csp): pages, the API, the
admin. No template inlines a script, an event handler or a style, so the policy needs no
'unsafe-inline'. (tests/browser/test_content_security_policy.py loads pages in Chromium.)"""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
ANSWERS = [
    "/",
    "/tariff-lookup/",
    "/api/v1/economies/?format=json",
    "/api/v1/docs/",
    "/api/v1/docs/?script=",
    "/admin/login/",
    "/health/",
]


def policy(response):
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize("path", ANSWERS)
def test_every_answer_carries_the_strict_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    directives = policy(response)
    assert {name: directives.get(name) for name in STRICT} == STRICT
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_an_error_answer_carries_it_too(client):
    assert policy(client.get("/api/v1/economies/XXX/"))["default-src"] == "'self'"


def test_the_admin_carries_it_when_logged_in(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert policy(response)["script-src"] == "'self'"


def test_only_drf_pages_let_their_one_inline_style_attribute_through(client):
    page = policy(client.get("/api/v1/economies/", HTTP_ACCEPT="text/html"))
    # float: right; margin-right: 10px, on DRF's "Filters" button
    button = "'sha256-OfgyIBrd+/vP79JdFMYP+re4T+fIenvkrHPD2HZ8/cs='"
    assert page["style-src"] == f"'self' 'unsafe-hashes' {button}"
    assert policy(client.get("/api/v1/economies/?format=json"))["style-src"] == "'self'"


INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "inline style": re.compile(r"<style\b|\sstyle=", re.IGNORECASE),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: address": re.compile(r"javascript:", re.IGNORECASE),
}


def test_no_template_inlines_a_script_a_handler_or_a_style():
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {kind}"
        for path in sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
        for kind, pattern in INLINE.items()
        if pattern.search(path.read_text())
    ]
    assert found == []
