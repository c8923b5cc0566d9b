import copy

import django_filters
from django.db.models import Q
from django_filters.rest_framework import DjangoFilterBackend

from ..widgets import QuickTextInput


class Filters(dict):
    """A filterset class's filters (`base_filters`), which django-filter deep-copies for each
    filterset it makes (every page with a filter form makes one): copied here a filter at a
    time, each with what a filterset changes in its own made its own: the field's arguments
    (`extra`, where a queryset read for the request is put), the binding of its method
    (`FilterMethod`, which holds the filter it calls through) and no field (the copy that
    needs one builds it). A deep copy copied every default, choice and queryset of every
    filter, for nothing."""

    def __deepcopy__(self, memo):
        copies = Filters()
        for name, original in self.items():
            copied = copy.copy(original)
            copied.extra = dict(original.extra)
            copied.__dict__.pop("_field", None)
            if original.method is not None:
                copied.method = original.method  # bound to the copy, and so to its filterset
            copies[name] = copied
        return copies


class SearchFilterSet(django_filters.FilterSet):
    """A filterset with `search`: a case-insensitive match on any of `search_fields`. Its
    filters are copied for each filterset as `Filters` copies them."""

    search_fields = ()

    @classmethod
    def get_filters(cls):
        return Filters(super().get_filters())

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
