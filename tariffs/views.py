import datetime as dt
from functools import partial

from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from commodities.models import TradeFlow
from core import exports
from core.conditional import answers_unchanged, data_version
from core.paginators import Paginator

from . import querysets
from .engine import lookup_duty
from .filtersets import MeasureFilterSet
from .forms import OnDateForm, TariffLookupForm
from .services import measure_coverage
from .tables import MeasureTable


class CountedPaginator(Paginator):
    """A paginator told its number of rows, counted already."""

    def __init__(self, object_list, per_page, *args, count, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count = count


@method_decorator(transaction.non_atomic_requests, name="dispatch")  # reads only
@method_decorator(require_safe, name="dispatch")
@method_decorator(answers_unchanged, name="get")
class MeasureListView(SingleTableMixin, FilterView):
    template_name = "tariffs/measure_list.html"
    filterset_class = MeasureFilterSet
    table_class = MeasureTable
    paginate_by = 50
    paginator_class = Paginator  # a whole table counted with fixed SQL

    def get_queryset(self):
        return querysets.measure_table_rows()

    def paginate_queryset(self, queryset, page_size):
        """The list view's own pages (a page past the last is a 404), whose count of the
        filtered measures the table's pages reuse."""
        paginator, *page = super().paginate_queryset(queryset, page_size)
        self.counted = paginator.count
        return paginator, *page

    def get_table_pagination(self, table):
        pagination = super().get_table_pagination(table)
        if hasattr(self, "counted"):
            pagination["paginator_class"] = partial(CountedPaginator, count=self.counted)
        return pagination

    def get_table_kwargs(self):
        filters = getattr(self.filterset, "form", None)
        on = filters.cleaned_data.get("on") if filters is not None and filters.is_valid() else None
        return {"on": on}

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # The table and its rows refer to each other (django-tables2's data keeps its
        # table): once the page is written, the table lets go of its rows, which then go
        # with the request instead of waiting for the garbage collector (core.templates).
        response.add_post_render_callback(lambda written: vars(context["table"]).clear())
        return response

    def get_context_data(self, **kwargs):
        """The CSV link of the filtered list or, past `CSV_MAX_ROWS`, why there is none and
        how to export the list in the background."""
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        rows = context["table"].paginator.count
        if exports.over_row_limit(rows):
            context["csv_refused"] = exports.row_limit_message(rows)
            context["export_path"] = reverse("api:measure-list") + (
                f"?{query.urlencode()}" if query else ""
            )
        else:
            query["format"] = "csv"
            context["csv_url"] = f"{reverse('api:measure-list')}?{query.urlencode()}"
        return context


def rate_series(measure, until):
    """The measure's rate over time, for its chart: a point at each change and one at
    `until` (today), each {date, rate, status, applied, description}. While the measure is
    not collected (announced, paused, ended) its rate is None: a gap, never 0 %."""
    changes = sorted(measure.changes.all(), key=lambda c: (c.effective_on, c.pk))
    days = sorted({change.effective_on for change in changes})
    if days and until > days[-1]:
        days.append(until)
    series = []
    for day in days:
        state = measure.state_on(day)
        applied = state.is_applied and state.ad_valorem_rate is not None
        series.append(
            {
                "date": day.isoformat(),
                "rate": float(state.ad_valorem_rate) if applied else None,
                "status": state.status_label,
                "applied": state.is_applied,
                "description": state.description,
            }
        )
    return series


def measure_detail(request, pk):
    measure = get_object_or_404(querysets.measures(), pk=pk)
    on_form = OnDateForm(request.GET)
    on = on_form.on_date() or dt.date.today()
    latest_year = (
        TradeFlow.objects.filter(reporter=measure.issuer_id, month=TradeFlow.ANNUAL)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    context = {
        "measure": measure,
        "state": measure.state_on(on),
        "next_step": measure.next_step(on),
        "on": on,
        "on_form": on_form,
        "history": sorted(measure.changes.all(), key=lambda c: (c.effective_on, c.pk)),
        "coverage": measure_coverage(measure, latest_year, on) if latest_year else None,
        "rate_series": rate_series(measure, max(on, dt.date.today())),
    }
    return render(request, "tariffs/measure_detail.html", context)


@transaction.non_atomic_requests  # reads only: no transaction to open and close
@require_safe
@answers_unchanged
def tariff_lookup(request):
    form = TariffLookupForm(request.GET or None, version=data_version(request))
    answer = None
    product = None
    if form.is_bound and form.is_valid():
        query = form.cleaned_data
        answer = lookup_duty(
            query["importer"], query["exporter"], query["hs"], query["date"], query["known_on"]
        )
        product = form.product()
    return render(
        request, "tariffs/lookup.html", {"form": form, "answer": answer, "product": product}
    )
