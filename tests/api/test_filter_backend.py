"""A list asked with no filter builds no filterset; a query naming a filter is filtered."""

import django_filters
import pytest
from django.http import QueryDict

from commodities.filtersets import TradeFlowFilterSet
from commodities.models import TradeFlow
from core.api.filtersets import asks_filters
from tariffs.filtersets import MeasureFilterSet


@pytest.mark.parametrize(
    "query",
    ["", "page=2&page_size=5", "cursor=cD0x&page_size=100&ordering=-id", "format=json&x=1"],
)
def test_a_query_naming_no_filter_asks_none(query):
    assert not asks_filters(TradeFlowFilterSet, QueryDict(query))
    assert not asks_filters(MeasureFilterSet, QueryDict(query))


@pytest.mark.parametrize(
    "query", ["reporter=JPN", "year_min=2020", "year_max=", "hs=xx&page=2", "source=comtrade"]
)
def test_a_query_naming_a_filter_or_its_range_asks_it(query):
    assert asks_filters(TradeFlowFilterSet, QueryDict(query))


class RequiredYear(django_filters.FilterSet):
    year = django_filters.NumberFilter(required=True)

    class Meta:
        model = TradeFlow
        fields = ["year"]


def test_a_filterset_with_a_required_filter_is_always_asked():
    assert asks_filters(RequiredYear, QueryDict(""))


def test_a_list_with_a_malformed_filter_is_still_refused(api, db):
    assert api.get("/api/v1/trade-flows/", {"hs": "xx"}).status_code == 400
    assert api.get("/api/v1/trade-flows/", {"page_size": 5}).status_code == 200
