"""The commodity page's national lines in a browser: from a line to its duty, and on a phone."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_a_cars_line_to_its_duty_today(page, site, screenshot):
    page.goto(site + "/commodities/870323/")
    lines = page.get_by_test_id("schedule-USA").get_by_test_id("lines")
    assert "8703.23.01" in lines.inner_text() and "2.5%" in lines.inner_text()
    screenshot(page, "national-lines")
    page.get_by_role("link", name="Look up the duty on 8703.23.01", exact=True).click()
    page.wait_for_url(re.compile(r"/tariff-lookup/\?importer=USA&exporter=JPN&hs=87032301&"))
    base = page.get_by_test_id("line-87032301").get_by_test_id("base-rate")
    assert base.inner_text() == "2.5%"


def test_the_commodity_page_fits_a_phone_screen(browser, site):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    phone = context.new_page()
    for path in ("/commodities/870323/", "/commodities/87/"):
        phone.goto(site + path)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path
    context.close()
