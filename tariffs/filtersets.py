import datetime as dt

import django_filters

from commodities.filtersets import HSCodeFilter
from core.api.filtersets import SearchFilterSet
from core.filtersets import ChoicesReadOnce, EconomyCodeFilter
from core.forms import QuickDivForm
from core.models import Economy
from core.widgets import (
    QuickDateInput,
    QuickNullBooleanSelect,
    QuickSelect,
    QuickSelectMultiple,
)

from .models import LegalBasis, Measure, Status


class MeasureFilterSet(ChoicesReadOnce, SearchFilterSet):
    search_fields = ("title", "legal_citation", "description")
    issuer = EconomyCodeFilter()
    target = EconomyCodeFilter(
        field_name="targets", method="filter_target", label="Reaches goods from (ISO alpha-3)"
    )
    between = django_filters.ModelMultipleChoiceFilter(
        queryset=Economy.objects.all(),
        to_field_name="iso3",
        method="filter_between",
        widget=QuickSelectMultiple,
        label="In play between these economies (ISO alpha-3, repeat: between=USA&between=JPN)",
    )
    legal_basis = django_filters.ChoiceFilter(choices=LegalBasis.choices, widget=QuickSelect)
    status = django_filters.ChoiceFilter(
        choices=Status.choices,
        widget=QuickSelect,
        method="filter_status",
        label="Status on the date `on`; in force takes in the measures in force as modified",
    )
    on = django_filters.DateFilter(
        method="filter_on", label="Date for `status` (default today)", widget=QuickDateInput
    )
    hs = HSCodeFilter(label="HS code the measure's scope covers (on `on`, default today)")
    stacks = django_filters.BooleanFilter(
        field_name="precedence",
        lookup_expr="isnull",
        widget=QuickNullBooleanSelect,
        label="Adds to other measures (true) or competes by precedence (false)",
    )

    class Meta:
        model = Measure
        form = QuickDivForm
        fields = [
            "issuer",
            "target",
            "between",
            "legal_basis",
            "stacks",
            "status",
            "on",
            "hs",
        ]

    def filter_target(self, queryset, name, economy):
        return queryset.targeting(economy)

    def filter_between(self, queryset, name, value: str):
        # `value` holds the economies the ISO codes name; the hint types the OpenAPI schema.
        # Unasked, it is an empty queryset: asking it whether it is empty costs a compiled query.
        return queryset.in_play(value) if self.data.getlist(name) else queryset

    def filter_status(self, queryset, name, status):
        on = self.form.cleaned_data.get("on") or dt.date.today()
        if status == Status.IN_FORCE:
            # A modified measure is still collected at the border.
            return queryset.applied_on(on)
        return queryset.with_status_on(on).filter(status_on_date=status)

    def filter_on(self, queryset, name, value):
        # Read by `filter_status`; on its own it selects nothing.
        return queryset

    def filter_code(self, queryset, name, value):
        return queryset.covering(value, self.form.cleaned_data.get("on"))
