"""A brief list's rows are written as DRF writes them field by field (core.api.serializers)."""

from decimal import Decimal, InvalidOperation

import pytest
from rest_framework import serializers

from commodities.api.serializers import TradeFlowBriefSerializer
from core.api.serializers import decimal_writer

VALUES = [
    Decimal("1234.50"),  # as a numeric(18, 2) column holds it
    Decimal("0.00"),
    Decimal("-7.25"),
    Decimal("12.345"),  # more places: rounded
    Decimal("12.3"),  # fewer: padded
    Decimal("1E+3"),
    Decimal("1.00E+5"),
    12,
    12.5,
    None,
]


@pytest.mark.parametrize(
    "field",
    [
        serializers.DecimalField(max_digits=18, decimal_places=2),
        serializers.DecimalField(max_digits=9, decimal_places=4),
        serializers.DecimalField(max_digits=18, decimal_places=2, coerce_to_string=False),
        serializers.DecimalField(max_digits=18, decimal_places=2, normalize_output=True),
        serializers.DecimalField(max_digits=18, decimal_places=None),
    ],
)
@pytest.mark.parametrize("value", VALUES)
def test_a_decimal_is_written_as_drf_writes_it(field, value):
    def outcome(write):
        try:
            written = write()
        except InvalidOperation:  # more digits than the field has: DRF refuses it too
            return "refused"
        return type(written), written

    ours = outcome(lambda: decimal_writer(field, "value")({"value": value}))
    drf = outcome(lambda: None if value is None else field.to_representation(value))
    assert ours == drf


def test_each_serializer_has_fields_of_its_own():
    """The fields are built once per class and copied to each instance: a field one instance
    takes out (as the CSV takes out `url`) is still in the next."""
    first = TradeFlowBriefSerializer()
    first.fields.pop("url")
    second = TradeFlowBriefSerializer()
    assert "url" in second.fields and "url" not in first.fields
    assert second.fields["reporter"] is not first.fields["reporter"]
    assert second.fields["reporter"].parent is second
