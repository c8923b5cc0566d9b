"""Duty expressions: coverage of the three schedule revisions kept with the shared data:
every rate text classified, every rate with a structure parsed to it."""

import json
import time
from collections import Counter

import pytest

from tariffs import expressions
from tariffs.expressions import (
    DutyExpression,
    Kind,
    NotComputable,
    parse,
    parse_special,
)

from .expression_data import (
    COMPONENT,
    FILES,
    NO_CHANGE,
    OTHER_BASIS,
    OTHER_LINE,
    SEE_NOTE,
    general_values,
    rows,
)

# Counts by kind of the non-blank `general` values. The README's rough split for Revision 23
# (Free 5,960; ad valorem 6,218; specific 777; compound 399; chapter 99 334; others about 120)
# differs here because: the 18 "Free, under bond, ..." and "Free, for such temporary periods
# ..." texts are FREE; "6.5% on the entire set" is ad valorem; the two watch-movement texts
# "4.3% + 1.7¢/jewel + 0.2¢ for each other piece or part, but ... shall not exceed the duty
# for the complete movement" are NOT_COMPUTABLE (their cap is another line's duty), not
# compound; RELATIVE holds the chapter 99 "duty provided in the applicable subheading ..."
# texts and the nine chapter 98 "duty rate provided in such subheading minus ..." ones; a
# bare chapter 99 percentage such as "15%" counts as ad valorem.
EXPECTED_KINDS = {
    "hts_2025_basic.json.gz": {
        "free": 5978,
        "ad_valorem": 6213,
        "specific": 777,
        "compound": 397,
        "relative": 166,
        "not_computable": 80,
    },
    "hts_2025_rev_23.json.gz": {
        "free": 5978,
        "ad_valorem": 6219,
        "specific": 777,
        "compound": 397,
        "relative": 338,
        "not_computable": 87,
    },
    "hts_2026_rev_10.json.gz": {
        "free": 5813,
        "ad_valorem": 6241,
        "specific": 777,
        "compound": 397,
        "relative": 340,
        "not_computable": 98,
    },
}
EXPECTED_REASONS = {
    "hts_2025_basic.json.gz": {
        OTHER_LINE: 43,
        COMPONENT: 19,
        OTHER_BASIS: 8,
        SEE_NOTE: 5,
        NO_CHANGE: 5,
    },
    "hts_2025_rev_23.json.gz": {
        OTHER_LINE: 43,
        COMPONENT: 24,
        OTHER_BASIS: 8,
        SEE_NOTE: 5,
        NO_CHANGE: 7,
    },
    "hts_2026_rev_10.json.gz": {
        OTHER_LINE: 43,
        COMPONENT: 21,
        OTHER_BASIS: 8,
        SEE_NOTE: 5,
        NO_CHANGE: 21,
    },
}
BLANK_VALUES = {
    "hts_2025_basic.json.gz": 0,
    "hts_2025_rev_23.json.gz": 13,
    "hts_2026_rev_10.json.gz": 21,
}


@pytest.mark.parametrize("name", FILES)
def test_every_general_value_is_classified_with_frozen_counts(name):
    kinds = Counter(str(parse(text).kind) for text in general_values(name))
    assert dict(kinds) == EXPECTED_KINDS[name]
    assert "empty" not in kinds
    blank = [row["general"] for row in rows(name) if row["general"] and not row["general"].strip()]
    assert len(blank) == BLANK_VALUES[name]
    assert all(parse(text).kind == Kind.EMPTY for text in blank)


@pytest.mark.parametrize("name", FILES)
def test_not_computable_texts_are_few_and_have_a_known_reason(name):
    reasons = Counter(
        parse(text).reason
        for text in general_values(name)
        if parse(text).kind == Kind.NOT_COMPUTABLE
    )
    assert dict(reasons) == EXPECTED_REASONS[name]
    assert sum(reasons.values()) <= 120
    assert NotComputable.UNRECOGNISED not in reasons


@pytest.mark.parametrize("name", FILES)
def test_every_rate_with_a_structure_is_parsed_to_structure(name):
    """A NOT_COMPUTABLE text that states a percentage or an amount has a reason for it."""
    for text in general_values(name):
        expr = parse(text)
        if expr.kind == Kind.NOT_COMPUTABLE and any(mark in text for mark in "%¢$"):
            assert expr.reason in (OTHER_LINE, COMPONENT), text
        if expr.kind in (Kind.AD_VALOREM, Kind.COMPOUND):
            assert expr.ad_valorem is not None or expr.parts, text
        if expr.kind in (Kind.SPECIFIC, Kind.COMPOUND):
            assert expr.specific, text


@pytest.mark.parametrize("name", FILES)
def test_parsed_values_round_trip_through_dict_and_text(name):
    texts = {row[column] for row in rows(name) for column in ("general", "other")}
    texts |= {e.text for row in rows(name) for e, _ in parse_special(row["special"])}
    checked = 0
    for text in texts:
        expr = parse(text)
        if not expr.is_computable:
            continue
        data = json.loads(json.dumps(expr.to_dict()))
        assert DutyExpression.from_dict(data) == expr, text
        assert str(parse(str(expr))) == str(expr), text
        assert parse(str(expr)).kind == expr.kind, text
        checked += 1
    assert checked > 700


@pytest.mark.parametrize("name", FILES)
def test_parsing_a_whole_file_is_fast(name):
    parse.cache_clear()
    started = time.perf_counter()
    for row in rows(name):
        parse(row["general"])
        parse(row["other"])
    assert time.perf_counter() - started < 2


def test_units_of_parsed_rates_are_canonical():
    units = set()
    for name in FILES:
        for row in rows(name):
            for column in ("general", "other"):
                units |= parse(row[column]).units_needed
    assert units <= set(expressions.UNIT_DISPLAY)
    schedule_units = {unit for name in FILES for row in rows(name) for unit in row["units"]}
    matching = units & schedule_units
    assert {"kg", "liters", "pf.liters", "doz.", "No.", "m2", "m3", "t", "bbl"} <= matching
    assert {"prs.", "gross", "thousands", "cy kg", "Pb kg", "Jwls.", "gr.lines"} <= matching
