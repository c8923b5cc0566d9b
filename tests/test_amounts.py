"""Amounts read as analysts write them, with the unit, wherever a page shows one."""

from decimal import Decimal

import pytest

from core.templatetags.money import format_amount


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (Decimal("768000000"), "USD", "USD 768 m"),  # 768,000,000 / 10^6
        (Decimal("550"), "USD bn", "USD 550 bn"),
        (Decimal("8.000"), "USD bn", "USD 8 bn"),
        (Decimal("75"), "%", "75 %"),
        (Decimal("1000"), "tonnes", "1,000 tonnes"),
        (Decimal("100"), "aircraft", "100 aircraft"),
        (Decimal("2.5"), "", "2.5"),
        (None, "USD", ""),
    ],
)
def test_an_amount_reads_with_its_unit(value, unit, expected):
    assert format_amount(value, unit) == expected
