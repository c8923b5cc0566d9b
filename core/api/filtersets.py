import django_filters
from django.db.models import Q


class SearchFilterSet(django_filters.FilterSet):
    """A filterset with `search`: a case-insensitive match on any of `search_fields`."""

    search_fields = ()

    search = django_filters.CharFilter(method="filter_search", label="Search")

    def filter_search(self, queryset, name, value):
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)
