"""The compare page in a real browser: a column per negotiation, on a phone and on paper."""

import datetime as dt
import re

import pytest

from core.models import Economy

from ..factories import EconomyFactory, NegotiationFactory

DEMO = "japan-united-states-2025"


@pytest.fixture
def three(site):
    """The address comparing the demo with two more negotiations of the United States."""
    usa = Economy.objects.get(iso3="USA")
    korea = NegotiationFactory(
        title="Korea–United States tariff talks", slug="korea-us", started_on=dt.date(2025, 4, 24)
    )
    korea.parties.set([EconomyFactory(iso3="KOR", name="Korea"), usa])
    britain = NegotiationFactory(
        title="United Kingdom–United States economic prosperity deal",
        slug="uk-us",
        status="concluded",
        started_on=dt.date(2025, 4, 3),
        ended_on=dt.date(2025, 5, 8),
    )
    britain.parties.set([EconomyFactory(iso3="GBR", name="United Kingdom"), usa])
    return f"{site}/compare/?n={DEMO}&n=korea-us&n=uk-us"


def column_headers(page):
    return page.get_by_test_id("compare").locator("thead th[scope=col].compare-column")


def test_three_negotiations_show_three_columns(page, three, screenshot):
    page.goto(three)
    screenshot(page, "wide")
    assert column_headers(page).all_inner_texts() == [
        "Japan–United States tariff negotiations (2025)",
        "Korea–United States tariff talks",
        "United Kingdom–United States economic prosperity deal",
    ]
    # Every fact's row has a cell for each column.
    cells = (
        page.get_by_test_id("compare")
        .locator("tbody tr")
        .evaluate_all("rows => rows.map(row => row.querySelectorAll('td').length)")
    )
    assert len(cells) > 10 and set(cells) == {3}


def test_the_page_does_not_scroll_sideways_on_a_phone(phone, three, screenshot):
    phone.goto(three)
    screenshot(phone, "phone")
    width, client = phone.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client, f"{width} px wide in {client} px"
    # The table scrolls on its own instead, within the page's width.
    table = phone.get_by_test_id("compare")
    wide, shown = table.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert wide > shown <= client


def test_print_hides_the_navigation_and_the_forms(page, three):
    page.goto(three)
    page.emulate_media(media="print")
    for hidden in (".site-header nav", ".site-search", "details.compare-pick"):
        assert page.locator(hidden).is_hidden(), hidden
    assert page.get_by_test_id("compare-csv").is_hidden()
    assert page.get_by_test_id("compare").is_visible()
    assert column_headers(page).count() == 3
    page.emulate_media(media="screen")
    assert page.locator(".site-header nav").is_visible()


def test_the_negotiation_list_opens_a_comparison(page, three):
    site = three.split("/compare/")[0]
    page.goto(site + "/negotiations/")
    page.get_by_label("Compare Japan–United States tariff negotiations (2025)").check()
    page.get_by_label("Compare Korea–United States tariff talks").check()
    page.get_by_role("button", name="Compare the chosen negotiations").click()
    page.wait_for_url(re.compile(r"/compare/\?n="))
    assert column_headers(page).all_inner_texts() == [
        "Korea–United States tariff talks",
        "Japan–United States tariff negotiations (2025)",
    ]
