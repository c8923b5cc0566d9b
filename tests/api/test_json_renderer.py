"""The API's JSON renderer writes the text DRF's own renderer writes, faster."""

import datetime as dt
import uuid
from decimal import Decimal

from django.utils.translation import gettext_lazy
from rest_framework import renderers
from rest_framework.exceptions import ErrorDetail
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from core.api.renderers import JSONRenderer

DATA = {
    "text": "Tokyo\u2028Washington\u2029 — 関税",
    "rate": Decimal("15.000"),
    "on": dt.date(2025, 9, 16),
    "at": dt.datetime(2025, 7, 22, 18, 30, 5, 123456, tzinfo=dt.UTC),
    "naive": dt.datetime(2025, 7, 22, 18, 30),
    "time": dt.time(9, 15),
    "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "lazy": gettext_lazy("This field is required."),
    "errors": ReturnDict(
        {"slug": [ErrorDetail("Enter a valid slug.", code="invalid")]}, serializer=None
    ),
    "rows": ReturnList([{"id": 1, "value": 1.5, "none": None, "yes": True}], serializer=None),
    2024: "a year as a key",
}


def test_the_text_is_drfs_own():
    assert JSONRenderer().render(DATA) == renderers.JSONRenderer().render(DATA)


def test_line_separators_are_escaped_for_javascript():
    content = JSONRenderer().render({"text": "a\u2028b\u2029c"})
    assert content == b'{"text":"a\\u2028b\\u2029c"}'


def test_an_indented_answer_is_drfs_own():
    media_type = "application/json; indent=4"
    assert JSONRenderer().render(DATA, media_type) == renderers.JSONRenderer().render(
        DATA, media_type
    )
    assert b'\n    "rate": 15.0,' in JSONRenderer().render(DATA, media_type)


def test_nothing_is_an_empty_body():
    assert JSONRenderer().render(None) == b""
