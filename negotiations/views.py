import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from commodities.models import RefreshRun, TradeFlow
from core import exports
from core.conditional import answers_unchanged, data_version
from core.search import search_everything

from . import querysets
from .commitments import commitments_trade
from .compare import MAX_COLUMNS, choices, comparison, csv_rows
from .deal import deal_changes
from .filtersets import NegotiationFilterSet
from .glance import party_pairs, rate_series
from .models import Negotiation, Round
from .page import NegotiationPage
from .services import TIMELINE_KINDS, recent_events


def home(request):
    today = dt.date.today()
    # Only meetings still ahead: an expected meeting whose day has passed is not upcoming.
    upcoming = (
        Round.objects.filter(start_date__gte=today)
        .exclude(status=Round.Status.CANCELLED)
        .select_related("negotiation", "country")
        .order_by("start_date")[:5]
    )
    latest = (
        Round.objects.filter(status=Round.Status.HELD, start_date__lte=today)
        .select_related("negotiation", "country")
        .order_by("-start_date")[:5]
    )
    measure_events = [e for e in recent_events(limit=30) if e.kind == "measure"][:8]
    context = {
        "active": querysets.negotiations().filter(status=Negotiation.Status.ACTIVE),
        "concluded": querysets.negotiations()
        .filter(status=Negotiation.Status.CONCLUDED)
        .order_by("-ended_on", "-started_on")[:5],
        "latest_rounds": latest,
        "upcoming_rounds": upcoming,
        "measure_events": measure_events,
        "last_refreshed": RefreshRun.objects.last_refreshed(),
        "refreshed_by_source": [
            (RefreshRun.Source(row["source"]).label, row["latest"])
            for row in RefreshRun.objects.succeeded()
            .values("source")
            .annotate(latest=Max("finished_at"))
            .order_by("source")
        ],
        "trade_data_fetched": TradeFlow.objects.aggregate(latest=Max("fetched_at"))["latest"],
    }
    return render(request, "negotiations/home.html", context)


class NegotiationListView(ListView):
    template_name = "negotiations/negotiation_list.html"
    context_object_name = "negotiations"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = NegotiationFilterSet(self.request.GET, querysets.negotiations())
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


@transaction.non_atomic_requests  # reads only: no transaction to open and close
@require_safe
@answers_unchanged
def negotiation_detail(request, slug):
    # The page reads the parties, rounds and sources itself (`NegotiationPage`).
    negotiation = querysets.negotiation_by_slug(slug)
    if negotiation is None:
        raise Http404("No negotiation has this address.")
    page = NegotiationPage(negotiation, request.GET, version=data_version(request))
    context = {
        "negotiation": negotiation,
        "page": page,
        "kinds": TIMELINE_KINDS,
    }
    response = render(request, "negotiations/negotiation_detail.html", context)
    page.sections.store()
    return response


def negotiation_rates(request, slug):
    """The effective tariff rate between two parties, month by month, with the talks' events
    on the same time axis."""
    negotiation = get_object_or_404(querysets.negotiations(), slug=slug)
    parties = {party.iso3: party for party in negotiation.parties.all()}
    pairs = party_pairs(list(parties.values()))
    if len(pairs) == 0:
        raise Http404("A negotiation needs two parties for a rate between them.")
    default = next((p for p in pairs if p[0].schedule_revisions.exists()), pairs[0])
    codes = (request.GET.get("importer", default[0].iso3), request.GET.get("exporter"))
    importer = parties.get(codes[0])
    exporter = (
        parties.get(codes[1]) if codes[1] else next((e for i, e in pairs if i == importer), None)
    )
    if importer is None or exporter is None or importer == exporter:
        return render(
            request,
            "negotiations/negotiation_rates.html",
            {"negotiation": negotiation, "pairs": pairs, "error": "Choose two of the parties."},
            status=400,
        )
    answer, markers = rate_series(negotiation, importer, exporter)
    series = [
        {
            "date": m.on.isoformat(),
            "month": m.month.isoformat()[:7],
            "rate": m.rate and float(m.rate),
        }
        for m in answer.months
    ]
    events = [{"date": m.date.isoformat(), "kind": m.kind, "title": m.title} for m in markers]
    query = (
        f"importer={importer.iso3}&exporter={exporter.iso3}&start={answer.start}&end={answer.end}"
    )
    context = {
        "negotiation": negotiation,
        "pairs": pairs,
        "importer": importer,
        "exporter": exporter,
        "answer": answer,
        "markers": markers,
        "chart": {"series": series, "events": events},
        "query": query,
    }
    return render(request, "negotiations/negotiation_rates.html", context)


class RoundDetailView(DetailView):
    template_name = "negotiations/round_detail.html"
    context_object_name = "round"

    def get_queryset(self):
        return querysets.rounds()

    def get_context_data(self, **kwargs):
        concessions = self.object.concessions.select_related(
            "negotiation", "giver", "receiver", "commodity"
        ).prefetch_related("sources")
        return super().get_context_data(concessions=concessions, **kwargs)


class AgreementDetailView(DetailView):
    template_name = "negotiations/agreement_detail.html"
    context_object_name = "agreement"

    def get_queryset(self):
        return querysets.agreements()

    def get_context_data(self, **kwargs):
        today = self.object.negotiation.as_of()
        commitments = list(self.object.commitments.all())
        trade = commitments_trade(commitments)
        rows = [
            (commitment, commitment.change_on(today), trade.get(commitment.pk))
            for commitment in commitments
        ]
        changes = deal_changes(self.object)
        return super().get_context_data(rows=rows, today=today, changes=changes, **kwargs)


class PersonDetailView(DetailView):
    template_name = "negotiations/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return querysets.people()

    def get_context_data(self, **kwargs):
        person = self.object
        rounds = sorted(
            {d.round for d in person.delegations.all()}
            | {d.round for d in person.delegations_led.all()},
            key=lambda r: (r.start_date, r.pk),
        )
        led = {d.round_id for d in person.delegations_led.all()}
        statements = person.statements.select_related("round").prefetch_related("sources")
        return super().get_context_data(rounds=rounds, led=led, statements=statements, **kwargs)


def search(request):
    query = request.GET.get("q", "").strip()
    results = search_everything(query)
    return render(request, "negotiations/search.html", {"query": query, "results": results})


def compare(request):
    """Negotiations side by side (`?n=<slug>&n=<slug>`), as a page or, with `format=csv`, as
    a CSV file."""
    answer = comparison(request.GET.getlist("n"))
    if answer.facts and request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{answer.filename}"'
        exports.writer(response).writerows(csv_rows(answer))
        return response
    context = {"comparison": answer, "choices": choices(), "max_columns": MAX_COLUMNS}
    return render(
        request, "negotiations/compare.html", context, status=400 if answer.errors else 200
    )
