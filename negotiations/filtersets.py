import datetime as dt

import django_filters
from django.db.models import Q

from commodities import hs
from commodities.filtersets import HSCodeFilter
from core.api.filtersets import SearchFilterSet
from core.filtersets import EconomyCodeFilter
from core.widgets import QuickSelect

from .models import Agreement, Commitment, Concession, Negotiation, Person, Round


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
        queryset=Negotiation.objects.all(), to_field_name="slug", widget=QuickSelect
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
        queryset=Negotiation.objects.all(), to_field_name="slug", widget=QuickSelect
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


class AgreementFilterSet(SearchFilterSet):
    search_fields = ("title", "summary")
    negotiation = django_filters.ModelChoiceFilter(
        queryset=Negotiation.objects.all(), to_field_name="slug", widget=QuickSelect
    )
    party = EconomyCodeFilter(field_name="parties")
    announced = django_filters.DateFromToRangeFilter(
        field_name="announced_on", label="Announced between (announced_after, announced_before)"
    )

    class Meta:
        model = Agreement
        fields = ["negotiation", "party", "kind", "round"]


class CommitmentFilterSet(SearchFilterSet):
    search_fields = ("description", "period")
    negotiation = django_filters.ModelChoiceFilter(
        field_name="agreement__negotiation",
        queryset=Negotiation.objects.all(),
        to_field_name="slug",
        widget=QuickSelect,
    )
    giver = EconomyCodeFilter()
    status = django_filters.ChoiceFilter(
        choices=Commitment.Status.choices,
        method="filter_status",
        label="Status on the date `on` (default today)",
    )
    on = django_filters.DateFilter(method="filter_on", label="Date for `status` (default today)")
    hs = HSCodeFilter(label="HS code: commitments on it, above it or below it")

    class Meta:
        model = Commitment
        fields = ["agreement", "negotiation", "giver", "kind", "status", "on", "hs"]

    def filter_status(self, queryset, name, status):
        on = self.form.cleaned_data.get("on") or dt.date.today()
        return queryset.with_status_on(on).filter(status_as_of=status)

    def filter_on(self, queryset, name, value):
        # Read by `filter_status`; on its own it selects nothing.
        return queryset

    def filter_code(self, queryset, name, value):
        products = Q(products__in=hs.prefixes(value)) | Q(products__code__startswith=value)
        return queryset.filter(pk__in=Commitment.objects.filter(products).values("pk"))
