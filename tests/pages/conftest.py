import pytest

from ..demo_data import copy_demo


@pytest.fixture
def demo(db):
    return copy_demo()
