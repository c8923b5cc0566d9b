import django_filters
from django.db.models import Q
from django_filters.rest_framework import DjangoFilterBackend

from ..widgets import QuickTextInput


class SearchFilterSet(django_filters.FilterSet):
    """A filterset with `search`: a case-insensitive match on any of `search_fields`."""

    search_fields = ()

    search = django_filters.CharFilter(
        method="filter_search", label="Search", widget=QuickTextInput
    )

    def filter_search(self, queryset, name, value):
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, which builds no filterset for a query that names none of its
    filters (a page of the whole list, in some order): the filterset's form, built and
    validated on every request, could only keep every row then.

    A parameter names a filter by the filter's name, or by its name and a suffix, as a range
    does (`year_min`). A filterset with a required filter is built always: its absence is a
    400."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not asks_filters(filterset_class, request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)


def asks_filters(filterset_class, query):
    filters = filterset_class.base_filters
    if any(spec.extra.get("required") for spec in filters.values()):
        return True
    return any(
        parameter == name or parameter.startswith(f"{name}_")
        for parameter in query
        for name in filters
    )
