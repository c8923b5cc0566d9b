import django_filters
from django.db.models import Q

from config.api.filtersets import SearchFilterSet
from negotiations.filtersets import EconomyCodeFilter
from negotiations.models import Negotiation

from . import hs
from .models import Commodity, Concession, TradeFlow, hs_code_validator


class HSCodeFilter(django_filters.CharFilter):
    """An HS code of 2 to 10 digits; a malformed one is a 400, not an empty list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("method", "filter_code")
        kwargs.setdefault("validators", [hs_code_validator])
        super().__init__(*args, **kwargs)


class CommodityFilterSet(SearchFilterSet):
    search_fields = ("code", "description")
    within = HSCodeFilter(label="Within this HS code (it and everything below it)")

    class Meta:
        model = Commodity
        fields = ["level", "parent", "section"]

    def filter_code(self, queryset, name, value):
        return queryset.filter(code__startswith=value)


class ConcessionFilterSet(SearchFilterSet):
    search_fields = ("title", "description")
    negotiation = django_filters.ModelChoiceFilter(
        queryset=Negotiation.objects.all(), to_field_name="slug"
    )
    giver = EconomyCodeFilter()
    receiver = EconomyCodeFilter()
    hs = HSCodeFilter(label="HS code: concessions on it, above it or below it")

    class Meta:
        model = Concession
        fields = ["negotiation", "round", "giver", "receiver", "kind", "status", "hs"]

    def filter_code(self, queryset, name, value):
        return queryset.filter(
            Q(commodity_id__in=hs.prefixes(value)) | Q(commodity__code__startswith=value)
        )


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
