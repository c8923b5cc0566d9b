import pytest

from negotiations.demo import load_demo


@pytest.fixture
def demo(db):
    return load_demo()
