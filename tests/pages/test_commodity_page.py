"""The commodity page: each importer's national lines with their base rates, the duties that
apply today with their legal basis, links to the lookup, and descriptions in the breadcrumbs."""

import datetime as dt
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commodities.models import Commodity
from core.models import Economy
from tariffs.lines import LINE_LIMIT
from tariffs.models import NationalLine, ScheduleRevision
from tariffs.panels import commodity_national_lines

from ..factories import NegotiationFactory

pytestmark = pytest.mark.django_db


def page(client, code):
    response = client.get(reverse("commodities:commodity", args=[code]))
    assert response.status_code == 200, code
    return response.content.decode()


def element(html, tag, testid):
    """The inner HTML of the one `<tag data-testid="testid">` (not nested in its own kind)."""
    found = re.findall(rf'<{tag} [^>]*data-testid="{testid}"[^>]*>(.*?)</{tag}>', html, re.S)
    assert len(found) == 1, f'{len(found)} <{tag} data-testid="{testid}">'
    return found[0]


def text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def hrefs(html):
    return [unescape(href) for href in re.findall(r'href="([^"]*)"', html)]


def query(url):
    parts = urlsplit(url)
    assert parts.path == reverse("tariffs:lookup"), url
    return {name: values[0] for name, values in parse_qs(parts.query).items()}


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


# The demo's record stops on the day of the court ruling: "today" on the panel is that day.
RECORDED = dt.date(2026, 2, 20)


def revision_today():
    usa = Economy.objects.get(iso3="USA")
    return ScheduleRevision.objects.in_effect_on(usa, RECORDED)


def test_the_cars_page_lists_the_us_line_with_its_base_rate_and_the_auto_duty(client, demo):
    html = page(client, "870323")
    panel = element(html, "section", "national-lines")
    schedule = element(panel, "div", "schedule-USA")
    assert revision_today().name in text(schedule)
    line = element(schedule, "tr", "line-87032301")
    assert "8703.23.01" in text(line)
    assert "Of a cylinder capacity exceeding 1,500 cc" in text(line)
    assert element(line, "span", "base-rate") == "2.5%"  # column 1 General, as published
    # A statistical line: its unit, and the rate of the line above it.
    used = element(schedule, "tr", "line-8703230190")
    assert "Used" in text(used) and "No." in text(used) and "(of 8703.23.01)" in text(used)

    duties = element(schedule, "table", "duties")
    rows = {
        text(row).split(" Section 232 (")[0]: text(row)
        for row in re.findall(r'<tr data-testid="duty">(.*?)</tr>', duties, re.S)
    }
    autos = rows["Section 232 duty on imported automobiles All economies"]
    assert "Section 232 (national security): Proclamation 10908" in autos
    assert autos.endswith("In force adds 25 %")  # as the measures pages say it
    japan = rows["Section 232 autos and parts: Japan's 15% all-in rate JPN"]
    assert "15 % in total, including the base rate" in japan
    # Struck down by now: covering the cars, but not collected.
    assert "Reciprocal tariff on goods from Japan" not in duties
    assert f'datetime="{RECORDED:%Y-%m-%d}"' in schedule
    assert text(element(panel, "span", "recorded-through")) == "as recorded through 20 Feb 2026"

    # Each line links to the lookup, prefilled; the duties name one partner, Japan.
    (link,) = hrefs(line)
    assert query(link) == {
        "importer": "USA",
        "exporter": "JPN",
        "hs": "87032301",
        "date": RECORDED.isoformat(),
    }
    (whole,) = hrefs(re.search(r'<a [^>]*data-testid="lookup-code"[^>]*>', schedule)[0])
    assert query(whole)["hs"] == "870323"
    answer = client.get(link).content.decode()
    assert 'data-testid="base-rate">2.5%' in answer


def test_the_rice_page_lists_the_specific_base_rate(client, demo):
    schedule = element(page(client, "100630"), "div", "schedule-USA")
    line = element(schedule, "tr", "line-10063090")
    assert element(line, "span", "base-rate") == "1.4¢/kg"
    assert "11.2%" in element(schedule, "tr", "line-10063010")
    # No duty on rice is collected then, so no partner is chosen for the reader.
    assert 'data-testid="no-duties"' in schedule
    (link,) = hrefs(line)
    assert "exporter" not in query(link) and query(link)["importer"] == "USA"


def test_a_code_without_national_lines_says_so(client, demo):
    schedule = element(page(client, "22"), "div", "schedule-USA")
    assert "No national line at or under 22" in text(element(schedule, "p", "no-lines"))
    assert 'data-testid="lines"' not in schedule and "<table" not in schedule.split("<h4")[0]


def test_a_chapter_shows_its_first_lines_and_how_many_more(client, demo):
    schedule = element(page(client, "87"), "div", "schedule-USA")
    total = NationalLine.objects.filter(revision=revision_today(), code__startswith="87").count()
    assert total > LINE_LIMIT
    assert len(re.findall(r'<tr data-testid="line-', schedule)) == LINE_LIMIT
    more = text(element(schedule, "p", "more-lines"))
    assert more.startswith(f"{total - LINE_LIMIT} more lines")
    # A subheading's page shows them all, with no note.
    subheading = element(page(client, "870323"), "div", "schedule-USA")
    assert len(re.findall(r'<tr data-testid="line-', subheading)) == 8
    assert 'data-testid="more-lines"' not in subheading


def test_a_subheading_with_many_lines_links_to_them_all_in_the_lookup(client, demo):
    revision = revision_today()
    NationalLine.objects.bulk_create(
        NationalLine(
            revision=revision,
            code=f"61091000{n:02d}",
            description=f"Extra line {n}",
            general="16.5%",
            rate_line="61091000",
        )
        for n in range(80, 100)
    )
    schedule = element(page(client, "610910"), "div", "schedule-USA")
    more = element(schedule, "p", "more-lines")
    (link,) = hrefs(more)
    assert query(link)["hs"] == "610910" and query(link)["importer"] == "USA"


def panel_queries(code):
    """The panel's queries for `code`, built and rendered."""
    commodity = Commodity.objects.get(code=code)
    with CaptureQueriesContext(connection) as captured:
        render_to_string(*commodity_national_lines(commodity))
    return len(captured)


def test_the_panel_runs_the_same_queries_for_a_chapter_as_for_a_subheading(demo):
    counts = {code: panel_queries(code) for code in ("870323", "8703", "87", "30", "720851")}
    assert len(set(counts.values())) == 1, counts


def test_the_page_runs_the_same_queries_with_one_line_as_with_many(client, demo):
    url = reverse("commodities:commodity", args=["870323"])
    revision = revision_today()
    NationalLine.objects.filter(revision=revision, code__startswith="870323").exclude(
        code="87032301"
    ).delete()
    one = queries(client, url)
    assert len(re.findall(r'<tr data-testid="line-', client.get(url).content.decode())) == 1
    NationalLine.objects.bulk_create(
        NationalLine(
            revision=revision,
            code=f"870323{n:04d}",
            description=f"Line {n}",
            general="2.5%",
            units=["No."],
            rate_line="87032301",
        )
        for n in range(100, 400)
    )
    # A second importer's schedule, with lines of its own, costs no query more either.
    japan = Economy.objects.get(iso3="JPN")
    other = ScheduleRevision.objects.create(
        importer=japan, name="2025 edition", effective_from=dt.date(2025, 1, 1)
    )
    NationalLine.objects.create(
        revision=other,
        code="8703231000",
        description="Cars",
        general="Free",
        rate_line="8703231000",
    )
    many = queries(client, url)
    html = client.get(url).content.decode()
    assert len(re.findall(r'<tr data-testid="line-', html)) == LINE_LIMIT + 1
    assert 'data-testid="schedule-JPN"' in html
    assert many == one


def test_breadcrumbs_and_child_cards_show_descriptions_next_to_codes(client, demo):
    html = page(client, "870323")
    crumbs = text(re.search(r'<nav aria-label="Breadcrumb"[^>]*>(.*?)</nav>', html, re.S)[1])
    assert "87 Vehicles; other than railway" in crumbs
    assert "8703 Motor cars and other motor vehicles" in crumbs
    assert "870323 Vehicles; with only spark-ignition" in crumbs
    children = re.search(r'<ul class="hs-list">(.*?)</ul>', page(client, "8703"), re.S)[1]
    assert text(children).startswith("870323 Vehicles; with only spark-ignition")


def test_the_panel_is_as_of_today_while_a_negotiation_of_the_importer_runs_on(client, demo):
    """The demo's record stops on 20 February 2026; a second negotiation of the United States
    whose record runs to today makes the panel's "today" the calendar date again."""
    running = NegotiationFactory(title="United States–Testland talks")
    running.parties.set([Economy.objects.get(iso3="USA")])
    html = page(client, "870323")
    panel = element(html, "section", "national-lines")
    assert 'data-testid="recorded-through"' not in panel
    assert f"Duties that apply today, {dt.date.today():%-d %b %Y}" in text(panel)
    running.recorded_through = RECORDED
    running.save()
    panel = element(page(client, "870323"), "section", "national-lines")
    assert "Duties that apply as recorded through 20 Feb 2026" in text(panel)
