import django_filters

from core.api.filtersets import SearchFilterSet
from core.filtersets import EconomyCodeFilter
from core.widgets import QuickTextInput

from .models import Commodity, TradeFlow, hs_code_validator


class HSCodeFilter(django_filters.CharFilter):
    """An HS code of 2 to 10 digits; a malformed one is a 400, not an empty list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("method", "filter_code")
        kwargs.setdefault("validators", [hs_code_validator])
        kwargs.setdefault("widget", QuickTextInput)
        super().__init__(*args, **kwargs)


class CommodityFilterSet(SearchFilterSet):
    search_fields = ("code", "description")
    within = HSCodeFilter(label="Within this HS code (it and everything below it)")

    class Meta:
        model = Commodity
        fields = ["level", "parent", "section"]

    def filter_code(self, queryset, name, value):
        return queryset.filter(code__startswith=value)


class TradeFlowFilterSet(django_filters.FilterSet):
    reporter = EconomyCodeFilter()
    partner = EconomyCodeFilter()
    hs = HSCodeFilter(label="HS code prefix")
    year = django_filters.RangeFilter(label="Year range (year_min, year_max)")

    class Meta:
        model = TradeFlow
        fields = ["reporter", "partner", "hs", "year", "month", "flow", "source"]

    def filter_code(self, queryset, name, value):
        return queryset.filter(commodity__code__startswith=value)
