import datetime as dt
from decimal import Decimal

import pytest

from core.models import Economy
from tariffs.engine import lookup_duty

from ..demo_data import copy_demo


@pytest.fixture
def demo(db):
    """The Japan–US case (measures, sources) and the shipped extracts of the schedule."""
    return copy_demo()


@pytest.fixture
def usa(demo):
    return Economy.objects.get(iso3="USA")


@pytest.fixture
def japan(demo):
    return Economy.objects.get(iso3="JPN")


@pytest.fixture
def duty(usa, japan):
    """duty(code, "2025-08-10", known_on=None) -> the answer's single national line."""

    def ask(code, on, known_on=None, exporter=None):
        answer = lookup_duty(
            usa,
            exporter or japan,
            code,
            dt.date.fromisoformat(on),
            dt.date.fromisoformat(known_on) if known_on else None,
        )
        assert len(answer.lines) == 1, [line.code for line in answer.lines]
        return answer.lines[0]

    return ask


def percent(text):
    return Decimal(text)
