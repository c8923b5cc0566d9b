"""HS scopes match by prefix: a chapter covers every heading and subheading below it."""

import pytest

from commodities import hs
from commodities.models import Commodity

from .factories import CommodityFactory


@pytest.mark.parametrize(
    ("scope", "product", "covered"),
    [
        ("03", "030111", True),
        ("0301", "030111", True),
        ("030111", "030111", True),
        ("03", "040110", False),
        ("0302", "030111", False),
        ("870323", "8703", False),
    ],
)
def test_a_scope_code_covers_the_codes_that_start_with_it(scope, product, covered):
    assert hs.covers(scope, product) is covered


def test_the_prefixes_of_a_code_run_from_chapter_down_to_itself():
    assert hs.prefixes("8703231000") == ["87", "8703", "870323", "87032310", "8703231000"]


@pytest.mark.parametrize("code", ["", "8", "870", "87a3", "12345678901"])
def test_a_malformed_code_has_no_prefixes(code):
    with pytest.raises(ValueError, match="not an HS code"):
        hs.prefixes(code)


@pytest.mark.django_db
def test_the_commodities_covering_a_code_are_it_and_its_ancestors():
    CommodityFactory(code="870323")
    CommodityFactory(code="870324")
    codes = sorted(Commodity.objects.covering("870323").values_list("code", flat=True))
    assert codes == ["87", "8703", "870323"]


@pytest.mark.django_db
def test_the_commodities_within_a_chapter_are_everything_below_it():
    CommodityFactory(code="870323")
    CommodityFactory(code="030111")
    codes = sorted(Commodity.objects.within("87").values_list("code", flat=True))
    assert codes == ["87", "8703", "870323"]


@pytest.mark.django_db
def test_a_commodity_knows_its_level_from_its_code():
    assert CommodityFactory(code="870323").level == Commodity.Level.SUBHEADING


def test_a_codes_range_ends_at_the_first_code_it_does_not_start():
    assert hs.range_end("870323") == "870324"
    assert hs.range_end("0999") == "1000"
    # After chapter 99 there is no two-digit code: the end lies above every code beneath it.
    codes = ["99", "9903", "99030125", "9903880100", "9999999999"]
    assert all("99" <= code < hs.range_end("99") for code in codes)
