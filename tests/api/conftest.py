import pytest
from rest_framework.test import APIClient

from core.groups import ANALYST, EDITOR

from ..demo_data import copy_demo
from ..factories import UserFactory


@pytest.fixture
def demo(db):
    return copy_demo()


@pytest.fixture
def api():
    return APIClient()


def client_for(**user):
    client = APIClient()
    client.force_authenticate(UserFactory(**user))
    return client


@pytest.fixture
def editor_api(db):
    return client_for(username="editor", groups=[EDITOR])


@pytest.fixture
def analyst_api(db):
    return client_for(username="analyst", groups=[ANALYST])


@pytest.fixture
def staff_api(db):
    return client_for(username="staff", is_staff=True)


@pytest.fixture
def superuser_api(db):
    return client_for(username="root", is_staff=True, is_superuser=True)
