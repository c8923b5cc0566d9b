import django_filters

from config.api.filtersets import SearchFilterSet

from .models import Economy, Negotiation, Person, Round, Source


class EconomyCodeFilter(django_filters.ModelChoiceFilter):
    """An economy named by its ISO alpha-3 code, e.g. JPN."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Economy.objects.all())
        kwargs.setdefault("to_field_name", "iso3")
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
