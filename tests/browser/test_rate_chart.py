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
