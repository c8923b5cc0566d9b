from collections import defaultdict

from django.db.models import Sum
from django.shortcuts import get_object_or_404, render

from . import hs, querysets
from .models import Commodity, TradeFlow
from .panels import render_panels


def browser(request):
    chapters = Commodity.objects.filter(level=Commodity.Level.CHAPTER).order_by("code")
    return render(request, "commodities/browser.html", {"chapters": chapters})


def trade_series(code):
    """Annual HS6 trade within `code`, per reporter, partner, direction and source, by year."""
    rows = (
        TradeFlow.objects.filter(
            commodity__code__startswith=code, commodity__level=6, month=TradeFlow.ANNUAL
        )
        .values_list("reporter__iso3", "partner__iso3", "flow", "source", "year")
        .annotate(value=Sum("value_usd"))
        .order_by("year")
    )
    years = sorted({row[4] for row in rows})
    series = defaultdict(dict)
    for reporter, partner, flow, source, year, value in rows:
        verb = "imports from" if flow == TradeFlow.Direction.IMPORT else "exports to"
        series[f"{reporter} {verb} {partner} ({source})"][year] = float(value)
    return {
        "years": years,
        "series": [
            {"label": label, "values": [values.get(year, 0) for year in years]}
            for label, values in sorted(series.items())
        ],
    }


def commodity_detail(request, code):
    commodity = get_object_or_404(querysets.commodities(), code=code)
    ancestors = Commodity.objects.filter(code__in=hs.prefixes(code)[:-1]).order_by("code")
    context = {
        "commodity": commodity,
        "ancestors": ancestors,
        "trade": trade_series(code),
        "panels": render_panels(commodity, request),
    }
    return render(request, "commodities/commodity_detail.html", context)
