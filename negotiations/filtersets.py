import django_filters
from django.db.models import Q

from commodities import hs
from commodities.filtersets import HSCodeFilter
from core.api.filtersets import SearchFilterSet
from core.filtersets import EconomyCodeFilter

from .models import Concession, Negotiation, Person, Round


class PersonFilterSet(SearchFilterSet):
    search_fields = ("name", "office")
    economy = EconomyCodeFilter()

    class Meta:
        model = Person
        fields = ["economy"]


class NegotiationFilterSet(SearchFilterSet):
    search_fields = ("title", "summary")
    party = EconomyCodeFilter(field_name="parties")

    class Meta:
        model = Negotiation
        fields = ["party", "status"]


class RoundFilterSet(SearchFilterSet):
    search_fields = ("title", "summary", "outcome", "next_steps", "city")
    negotiation = django_filters.ModelChoiceFilter(
        queryset=Negotiation.objects.all(), to_field_name="slug"
    )
    date = django_filters.DateFromToRangeFilter(
        field_name="start_date", label="Starts between (date_after, date_before)"
    )
    city = django_filters.CharFilter(lookup_expr="iexact")
    country = EconomyCodeFilter()
    # `format` is the API's own parameter (`?format=csv`), so the round's format goes by another.
    meeting_format = django_filters.ChoiceFilter(field_name="format", choices=Round.Format.choices)

    class Meta:
        model = Round
        fields = ["negotiation", "status", "meeting_format", "city", "country"]


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
