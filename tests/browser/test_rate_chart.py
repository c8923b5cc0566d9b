"""The effective-rate chart on a true time axis, with the talks' events marked."""

import datetime as dt

RATES = "/negotiations/japan-united-states-2025/effective-rate/?importer=USA&exporter=JPN"


def days(iso):
    return dt.date.fromisoformat(iso).toordinal()


def test_one_point_per_month_and_every_event_marked_at_its_date(page, site, screenshot):
    page.goto(site + RATES)
    page.locator("#etr-chart[data-drawn='true']").wait_for()
    screenshot(page, "rates")
    drawn = page.evaluate(
        """() => {
        const chart = document.getElementById('etr-chart').chart;
        const json = JSON.parse(document.getElementById('etr-series').textContent);
        return {
          points: chart.getDatasetMeta(0).data.map(p => p.x),
          marks: chart.getDatasetMeta(1).data.map(p => p.x),
          series: json.series.map(p => p.date),
          events: json.events.map(e => e.date),
        };
    }"""
    )
    rows = page.locator("table[data-testid=months] tbody tr").count()
    assert len(drawn["points"]) == len(drawn["series"]) == rows == 14
    markers = page.locator("ol[data-testid=markers] > li").count()
    assert len(drawn["marks"]) == len(drawn["events"]) == markers > 9
    # Positions proportional to dates: pixels per day the same between any two drawn items.
    items = list(
        zip(drawn["series"] + drawn["events"], drawn["points"] + drawn["marks"], strict=True)
    )
    first_day, first_x = days(items[0][0]), items[0][1]
    last_day, last_x = days(items[13][0]), items[13][1]
    per_day = (last_x - first_x) / (last_day - first_day)
    for day, x in items:
        assert abs(first_x + (days(day) - first_day) * per_day - x) < 1.0, day


def test_a_measure_chart_runs_to_today_on_a_time_axis_with_gaps_not_zeros(page, site):
    from tariffs.models import Measure

    reciprocal = Measure.objects.get(title="Reciprocal tariff on goods from Japan")
    page.goto(site + reciprocal.get_absolute_url())
    page.locator("#rate-chart[data-drawn='true']").wait_for()
    drawn = page.evaluate(
        """() => {
        const chart = document.getElementById('rate-chart').chart;
        const meta = chart.getDatasetMeta(0).data;
        return {
          points: chart.data.datasets[0].data.map((p, i) => (
            {date: p.point.date, y: p.y, x: meta[i].x, hold: !!p.hold})),
          spans: chart.spans.map(s => s.status),
        };
    }"""
    )
    points = [p for p in drawn["points"] if not p["hold"]]
    # 9 April 24 %, paused 10 April, 15 % from 7 August, struck down 20 February 2026, today.
    assert [(p["date"], p["y"]) for p in points] == [
        ("2025-04-09", 24),
        ("2025-04-10", None),
        ("2025-08-07", 15),
        ("2026-02-20", None),
        (dt.date.today().isoformat(), None),
    ]
    assert drawn["spans"] == ["Paused", "Struck down by a court"]
    first, last = points[0], points[-1]
    per_day = (last["x"] - first["x"]) / (days(last["date"]) - days(first["date"]))
    for p in points:
        assert abs(first["x"] + (days(p["date"]) - days(first["date"])) * per_day - p["x"]) < 1.0
