"""Illustrative trade flows between the two economies."""

import datetime as dt
from decimal import Decimal

from commodities.models import TradeFlow

from .sync import sync

# Illustrative figures carry a fixed timestamp so that a reload leaves them untouched.
ILLUSTRATIVE_FETCHED_AT = dt.datetime(2025, 4, 16, tzinfo=dt.UTC)

# (reporter, partner, HS code, year, flow, USD millions): round, illustrative magnitudes only.
ILLUSTRATIVE_FLOWS = [
    ("USA", "JPN", "870323", 2023, "M", 24_000),
    ("USA", "JPN", "870323", 2024, "M", 25_500),
    ("USA", "JPN", "870324", 2023, "M", 11_000),
    ("USA", "JPN", "870324", 2024, "M", 12_000),
    ("USA", "JPN", "870840", 2024, "M", 3_100),
    ("USA", "JPN", "870899", 2024, "M", 4_200),
    ("JPN", "USA", "100630", 2023, "M", 260),
    ("JPN", "USA", "100630", 2024, "M", 300),
    ("JPN", "USA", "120190", 2023, "M", 1_100),
    ("JPN", "USA", "120190", 2024, "M", 1_000),
    ("JPN", "USA", "020130", 2024, "M", 1_200),
    ("JPN", "USA", "020230", 2024, "M", 900),
    ("JPN", "USA", "030389", 2024, "M", 150),
    ("JPN", "USA", "070190", 2024, "M", 20),
]


def load_trade_flows(economies):
    for reporter, partner, code, year, flow, millions in ILLUSTRATIVE_FLOWS:
        sync(
            TradeFlow,
            {
                "source": TradeFlow.Source.ILLUSTRATIVE,
                "reporter": economies[reporter],
                "partner": economies[partner],
                "commodity_id": code,
                "year": year,
                "month": TradeFlow.ANNUAL,
                "flow": flow,
            },
            value_usd=Decimal(millions) * 1_000_000,
            quantity=None,
            quantity_unit="",
            fetched_at=ILLUSTRATIVE_FETCHED_AT,
        )
