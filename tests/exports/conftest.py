import pytest
from rest_framework.test import APIClient

from ..demo_data import copy_demo
from ..factories import UserFactory

# The strings a spreadsheet would run as formulas, as an attacker would title a measure.
INJECTIONS = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "@SUM(1)",
    "=cmd|' /C calc'!A0",
    "-1+1",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def demo(db):
    return copy_demo()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Export files go to this test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def api():
    return APIClient()


def client_for(username):
    client = APIClient()
    client.force_authenticate(UserFactory(username=username))
    return client


@pytest.fixture
def alice(db):
    return client_for("alice")


@pytest.fixture
def bob(db):
    return client_for("bob")
