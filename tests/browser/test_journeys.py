"""What an analyst does in a browser, click by click, in headless Chromium."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_home_to_a_negotiation_to_a_round_to_a_person(page, site, screenshot):
    page.goto(site + "/")
    screenshot(page, "home")
    page.get_by_role("link", name="Japan–United States tariff negotiations (2025)").first.click()
    page.wait_for_url(re.compile(r"/negotiations/japan-united-states-2025/$"))
    assert page.get_by_role("heading", name="What each side asks and offers").is_visible()
    screenshot(page, "negotiation")
    page.get_by_role("link", name="First round of high-level talks", exact=True).click()
    page.wait_for_url(re.compile(r"/rounds/\d+/$"))
    assert "big progress" in page.locator("main").inner_text()
    screenshot(page, "round")
    page.locator("main").get_by_role("link", name="Ryosei Akazawa").first.click()
    page.wait_for_url(re.compile(r"/people/ryosei-akazawa/$"))
    assert page.get_by_text("Minister for Economic Revitalization").is_visible()
    screenshot(page, "person")


def test_filter_the_measures_then_open_one_and_see_its_chart(page, site, screenshot):
    page.goto(site + "/measures/")
    page.get_by_label("HS code the measure's scope covers").fill("870323")
    page.get_by_label("Date for `status` (default today)").fill("2025-04-10")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"hs=870323"))
    rows = page.locator("table tbody tr")
    # The two auto duties, and the two measures on all products.
    assert rows.count() == 4
    assert "Section 232 duty on imported automobiles" in page.locator("table tbody").inner_text()
    screenshot(page, "filtered-measures")
    page.get_by_role("link", name="Section 232 duty on imported automobiles").click()
    chart = page.locator("#rate-chart[data-drawn='true']")
    chart.wait_for()
    drawn = page.evaluate(
        "document.getElementById('rate-chart').chart.data.datasets[0].data.map(p => p.y)"
    )
    assert set(drawn) == {25}  # in force at 25 % from 3 April 2025 to today
    assert chart.bounding_box()["height"] > 100
    screenshot(page, "measure")


def test_a_tariff_lookup_in_the_form(page, site, screenshot):
    page.goto(site + "/tariff-lookup/")
    page.get_by_label("Importer").select_option("USA")
    page.get_by_label("Exporter").select_option("JPN")
    page.get_by_label("HS code").fill("870323")
    page.get_by_label("Date").fill("2025-04-10")
    page.get_by_role("button", name="Look up").click()
    total = page.get_by_test_id("total-ad-valorem")
    total.wait_for()
    assert total.inner_text() == "27.5 %"
    assert "line 8703 brings the product in" in page.locator(".answer").inner_text()
    screenshot(page, "lookup")


def test_a_commodity_page_draws_its_trade_chart(page, site, screenshot):
    page.goto(site + "/commodities/1006/")
    page.locator("#trade-chart[data-drawn='true']").wait_for()
    labels = page.evaluate("document.getElementById('trade-chart').chart.data.labels")
    assert labels == [2023, 2024]
    screenshot(page, "commodity")


def test_pages_fit_a_phone_screen(browser, site, screenshot):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    phone = context.new_page()
    for path in ("/", "/negotiations/japan-united-states-2025/", "/measures/"):
        phone.goto(site + path)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path
    screenshot(phone, "phone-home")
    context.close()


def test_the_page_prints_without_navigation(page, site):
    page.goto(site + "/negotiations/japan-united-states-2025/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header nav").is_visible()
    assert page.get_by_role("heading", name="Timeline").is_visible()
