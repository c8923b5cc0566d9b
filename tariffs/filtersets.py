import datetime as dt

import django_filters

from commodities.filtersets import HSCodeFilter
from config.api.filtersets import SearchFilterSet
from negotiations.filtersets import EconomyCodeFilter

from .models import LegalBasis, Measure, Status


class MeasureFilterSet(SearchFilterSet):
    search_fields = ("title", "legal_citation", "description")
    issuer = EconomyCodeFilter()
    target = EconomyCodeFilter(
        field_name="targets", method="filter_target", label="Reaches goods from (ISO alpha-3)"
    )
    legal_basis = django_filters.ChoiceFilter(choices=LegalBasis.choices)
    status = django_filters.ChoiceFilter(
        choices=Status.choices, method="filter_status", label="Status on the date `on`"
    )
    on = django_filters.DateFilter(method="filter_on", label="Date for `status` (default today)")
    hs = HSCodeFilter(label="HS code the measure's scope covers")

    class Meta:
        model = Measure
        fields = ["issuer", "target", "legal_basis", "measure_type", "stacks", "status", "on", "hs"]

    def filter_target(self, queryset, name, economy):
        return queryset.targeting(economy)

    def filter_status(self, queryset, name, status):
        on = self.form.cleaned_data.get("on") or dt.date.today()
        return queryset.with_status_on(on).filter(status_on_date=status)

    def filter_on(self, queryset, name, value):
        # Read by `filter_status`; on its own it selects nothing.
        return queryset

    def filter_code(self, queryset, name, value):
        return queryset.covering(value)
