"""The negotiation page in a real browser: what an analyst sees first, and on a phone."""

import re

import pytest

FOLD = 900


@pytest.fixture
def wide(browser):
    context = browser.new_context(viewport={"width": 1440, "height": FOLD})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


NEGOTIATION = "/negotiations/japan-united-states-2025/"


def test_the_glance_and_both_boards_are_above_the_fold(wide, site, screenshot):
    wide.goto(site + NEGOTIATION)
    screenshot(wide, "wide")
    glance = wide.get_by_test_id("glance").bounding_box()
    assert glance["y"] < FOLD
    for side in ("JPN", "USA"):
        board = wide.get_by_test_id(f"board-{side}")
        heading = board.get_by_role("heading", level=3).bounding_box()
        first_column = board.locator(".board-column").first.bounding_box()
        # The side's heading and the top of its first column show without scrolling.
        assert heading["y"] + heading["height"] <= FOLD, side
        assert first_column["y"] + 40 <= FOLD, side
    assert wide.evaluate("window.scrollY") == 0


def test_the_timeline_is_newest_first_and_narrows_to_one_kind(wide, site):
    wide.goto(site + NEGOTIATION)
    days = wide.locator("ol.timeline > li > time").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('datetime'))"
    )
    assert len(days) > 20
    assert days == sorted(days, reverse=True)
    wide.get_by_role("navigation", name="Show events of one kind").get_by_role(
        "link", name="Rounds"
    ).click()
    wide.wait_for_url(re.compile(r"kind=round"))
    kinds = wide.locator("ol.timeline > li .event-kind").all_inner_texts()
    assert [k.lower() for k in kinds] == ["round"] * 7


@pytest.mark.parametrize(
    "path",
    ["/", NEGOTIATION, "/measures/", "/tariff-lookup/?importer=USA&exporter=JPN&hs=870899"],
)
def test_no_page_scrolls_sideways_on_a_phone(phone, site, path, screenshot):
    phone.goto(site + path)
    screenshot(phone, "phone")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{path}: {width} px wide"
