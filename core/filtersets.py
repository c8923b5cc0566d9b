import django_filters

from .api.filtersets import SearchFilterSet
from .models import Economy, Source
from .widgets import QuickSelect


class EconomyCodeFilter(django_filters.ModelChoiceFilter):
    """An economy named by its ISO alpha-3 code, e.g. JPN."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Economy.objects.all())
        kwargs.setdefault("to_field_name", "iso3")
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, **kwargs)


class EconomyFilterSet(SearchFilterSet):
    search_fields = ("name", "iso3")

    class Meta:
        model = Economy
        fields = ["kind"]


class SourceFilterSet(SearchFilterSet):
    search_fields = ("title", "publisher")
    published_on = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Source
        fields = ["kind", "publisher"]
