import django_filters
from django.forms.models import ModelChoiceIterator as DjangoModelChoices
from django_filters.fields import ModelChoiceIterator

from .api.filtersets import SearchFilterSet
from .conditional import data_version
from .kept import choice_pool
from .models import Economy, Source
from .widgets import QuickSelect, written_options


class EconomyCodeFilter(django_filters.ModelChoiceFilter):
    """An economy named by its ISO alpha-3 code, e.g. JPN."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Economy.objects.all())
        kwargs.setdefault("to_field_name", "iso3")
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, **kwargs)


class SharedChoices(ModelChoiceIterator):
    """A select's model choices, read as a list (not through a server-side cursor) and only
    once among the form's selects that list the same rows, and made into choices and options
    once among those that write them the same way (`pool`: the rows by query, the choices by
    query, value field and field class, the options by those and the empty labels)."""

    def __init__(self, field, pool, name=None):
        super().__init__(field)
        self.pool, self.name = pool, name

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if getattr(self.field, "null_label", None) is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self.choices()

    def key(self):
        """The same rows, written the same way (value and label), are one list of choices."""
        if not hasattr(self, "_key"):
            # The rows by their query, written out once per filter (`name`) whose query is
            # always the same: the text of three queries costs a page more than its rows.
            query = self.pool.get(("query", self.name)) if self.name else None
            if query is None:
                query = str(self.queryset.query)
                if self.name:
                    self.pool["query", self.name] = query
            rows = (self.queryset.model, query)
            self._key = (rows, (*rows, self.field.to_field_name, type(self.field)))
        return self._key

    def choices(self):
        rows, choices = self.key()
        if rows not in self.pool:
            self.pool[rows] = list(self.queryset)
        if choices not in self.pool:
            self.pool[choices] = [self.choice(obj) for obj in self.pool[rows]]
        return self.pool[choices]

    def written(self):
        """The options as a quick select writes them (`written_options`), written once among
        the selects whose choices and empty labels are the same."""
        null = (getattr(self.field, "null_value", None), getattr(self.field, "null_label", None))
        labels = (self.field.empty_label, *null)
        options = (*self.key(), *labels)
        if options not in self.pool:
            self.pool[options] = written_options(self)
        return self.pool[options]


class ChoicesReadOnce:
    """A filterset whose form's selects of model rows read each list of rows once, when they
    are written (a form only validated reads none), and keep them, with their choices and
    options, for as long as the data do not change (`core.kept.choice_pool`): a list page
    with three selects of 200 economies reads them once per version of the data in a
    process, and writes their options once.

    Its form class is made once per filterset class: django-filter makes one per request,
    building a field for each filter and a class around them, and every form copies its
    fields from the class anyway. A filterset with a queryset given as a callable (of the
    request) gets a class of its own each time."""

    _form_classes = {}

    def get_form_class(self):
        form_class = ChoicesReadOnce._form_classes.get(type(self))
        if form_class is None:
            form_class = super().get_form_class()
            if not any(of_the_request(f) for f in self.filters.values()):
                ChoicesReadOnce._form_classes[type(self)] = form_class
        return form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            request = getattr(self, "request", None)
            pool = choice_pool(data_version(request) if request is not None else None)
            for name, field in super().form.fields.items():
                if isinstance(getattr(field.widget, "choices", None), DjangoModelChoices):
                    # A queryset given as a callable depends on the request: its query is
                    # written out each time.
                    asked = self.filters.get(name)
                    fixed = (type(self), name) if not of_the_request(asked) else None
                    field.widget.choices = SharedChoices(field, pool, fixed)
        return self._form


def of_the_request(filter_):
    """Whether the filter's queryset is a callable of the request. (django-filter puts what
    it returned in the filter's `extra` once the field is built; the callable stays in
    `queryset`.)"""
    return callable(getattr(filter_, "queryset", None))


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
