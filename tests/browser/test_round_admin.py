"""The demo's round 8 (the agreement of 22 July 2025) entered again from its admin page alone,
in headless Chromium: delegations, a statement, four concessions moved to "agreed" at the
round, the agreement and the sources picked once for the page; then the negotiation page shows
them."""

import re

import pytest

from core.groups import EDITOR
from negotiations.models import Agreement, ConcessionStatusChange, Round

from ..factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery"
MOVED = [  # raised at rounds 1 and 4, agreed at round 8 in the demo
    "More imports of U.S. soybeans",
    "More imports of U.S. rice",
    "More imports of U.S. corn",
    "Removal of the 25 % Section 232 duty on Japanese automobiles and parts",
]
DEAL = "Japan–United States tariff agreement of 22 July 2025"
QUOTE = "A statement entered on the round's page."


def without_its_facts(round_):
    """Round 8 as it was before anything came of it: no delegation, encounter, step or
    agreement at it (deleting a step recomputes its concession's status)."""
    round_.delegations.all().delete()
    round_.encounters.all().delete()
    round_.statements.all().delete()
    for step in ConcessionStatusChange.objects.filter(round=round_):
        step.delete()
    Agreement.objects.filter(round=round_).delete()


def log_in(page, site):
    UserFactory(username="editor", is_staff=True, groups=[EDITOR], password=PASSWORD)
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(site + "/admin/")


def choose(page, select_id, text):
    """Pick `text` in the autocomplete of the <select id=select_id>."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def open_list(page, prefix):
    page.locator(f"#{prefix}-heading").click()  # the heading is the summary of its details


def add_row(page, prefix, name):
    page.locator(f"#{prefix}-group .add-row a", has_text=f"Add another {name}").click()


def test_round_8_entered_from_its_page_shows_on_the_negotiation_page(page, site, screenshot):
    eighth = Round.objects.get(sequence=8)
    without_its_facts(eighth)
    log_in(page, site)
    page.goto(f"{site}/admin/negotiations/round/{eighth.pk}/change/")

    choose(page, "id_page_sources", "Japan-U.S. tariff agreement")
    choose(page, "id_page_sources", "Report on the agreement announced")

    open_list(page, "delegations")
    add_row(page, "delegations", "Delegation")
    choose(page, "id_delegations-0-economy", "Japan")
    choose(page, "id_delegations-0-head", "Ryosei Akazawa")
    choose(page, "id_delegations-0-members", "Ryosei Akazawa")
    add_row(page, "delegations", "Delegation")
    choose(page, "id_delegations-1-economy", "United States")
    choose(page, "id_delegations-1-members", "Donald Trump")

    open_list(page, "statements")
    add_row(page, "statements", "Statement")
    choose(page, "id_statements-0-speaker", "Ryosei Akazawa")
    page.locator("#id_statements-0-said_on").fill("2025-07-22")
    page.locator("#id_statements-0-quote").fill(QUOTE)
    page.locator("#id_statements-0-cite_page_sources").check()

    open_list(page, "concession_changes")
    for index, title in enumerate(MOVED):
        add_row(page, "concession_changes", "Step of an earlier concession")
        choose(page, f"id_concession_changes-{index}-concession", title)
        page.locator(f"#id_concession_changes-{index}-status").select_option("agreed")
        page.locator(f"#id_concession_changes-{index}-cite_page_sources").check()

    open_list(page, "agreements")
    add_row(page, "agreements", "Agreement")
    page.locator("#agreements-0 details > summary").click()  # its details
    page.locator("#id_agreements-0-kind").select_option("framework")
    page.locator("#id_agreements-0-title").fill(DEAL)
    page.locator("#id_agreements-0-announced_on").fill("2025-07-22")
    choose(page, "id_agreements-0-parties", "Japan")
    choose(page, "id_agreements-0-parties", "United States")
    page.locator("#id_agreements-0-cite_page_sources").check()
    screenshot(page, "round-8-entered")
    # Every list open, the page still fits a laptop's screen: nothing to scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

    page.get_by_role("button", name="Save and continue editing").click()
    page.locator(".messagelist .success").wait_for()
    screenshot(page, "round-8-saved")
    # The agreement's own page is one click away from the round's.
    open_list(page, "agreements")
    page.locator("#agreements-0").get_by_role("link", name="Change").click()
    page.wait_for_url(re.compile(r"/admin/negotiations/agreement/\d+/change/"))

    page.goto(site + "/negotiations/japan-united-states-2025/")
    screenshot(page, "negotiation")
    for title in MOVED:
        item = page.locator(".board-item", has_text=title)
        assert "Agreed (round 8)" in " ".join(item.locator("ol.steps").inner_text().split())
    for title in MOVED[:3]:  # the fourth was implemented after, in September
        column = page.locator(".board-column", has=page.locator(".board-item", has_text=title))
        assert column.get_attribute("aria-label") == "Agreed", title
    assert page.locator("ol.timeline").get_by_text(QUOTE).count() == 1
    agreements = page.locator("ul.agreements")
    assert agreements.get_by_role("link", name=DEAL).count() == 1
    page.locator("ul.agreements").get_by_role("link", name=DEAL).click()
    sources = page.locator("main").inner_text()
    assert "Japan-U.S. tariff agreement: 15% on Japanese goods" in sources
    assert "Report on the agreement announced by President Trump" in sources
