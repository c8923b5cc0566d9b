"""A brief list's rows are written as DRF writes them field by field (core.api.rows)."""

from decimal import Decimal, InvalidOperation

import pytest
from rest_framework import serializers

from commodities.api.serializers import TradeFlowBriefSerializer
from core.api.rows import Stored, decimal_writer, row_writer

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


def test_a_row_is_written_whole_in_the_writers_order():
    """The row function written for a shape of row gives what its writers give, in their
    order, whatever the names and keys hold (quotes, backslashes, braces)."""
    writers = {
        "url": lambda row: f"/x/{row['id']}/",
        'a "quoted" name': Stored("it's"),
        "id": Stored("id"),
        "back\\slash {brace}": lambda row: row["id"] * 2,
    }
    write = row_writer(writers)
    row = {"id": 7, "it's": "stored as is"}
    assert write(row) == {name: "x" for name in writers} | {
        "url": "/x/7/",
        'a "quoted" name': "stored as is",
        "id": 7,
        "back\\slash {brace}": 14,
    }
    assert list(write(row)) == list(writers)
    # Another set of functions for the same shape writes with its own functions.
    other = row_writer({**writers, "url": lambda row: "elsewhere"})
    assert other(row)["url"] == "elsewhere" and write(row)["url"] == "/x/7/"


def test_a_serializer_that_asked_for_its_fields_writes_those():
    """The CSV takes `url` out of its serializer's fields: its rows have no `url`; a list's
    serializer, which never asks for its fields, writes every field."""
    row = {
        "id": 1,
        "source": "comtrade",
        "reporter__iso3": "USA",
        "partner__iso3": "JPN",
        "commodity_id": "870323",
        "year": 2024,
        "month": 0,
        "flow": "M",
        "value_usd": Decimal("10.00"),
        "quantity": None,
        "quantity_unit": "",
        "fetched_at": None,
    }
    csv = TradeFlowBriefSerializer()
    csv.fields.pop("url")
    assert "url" not in csv.to_representation(row)
    listed = TradeFlowBriefSerializer(context={"request": None}).to_representation(row)
    assert list(listed) == ["url", *csv.to_representation(row)]
    assert listed["value_usd"] == "10.00" and listed["reporter"] == "USA"
