"""axe-core (shipped in static/vendor/axe-core/, from npm) finds no WCAG 2 A or AA violation
on the public pages, at desktop width and on a phone."""

from pathlib import Path

import pytest
from django.conf import settings

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
PAGES = [
    "/",
    "/negotiations/",
    "/negotiations/japan-united-states-2025/",
    "/negotiations/japan-united-states-2025/effective-rate/?importer=USA&exporter=JPN",
    "/agreements/{agreement}/",
    "/rounds/{round}/",
    "/people/ryosei-akazawa/",
    "/measures/",
    "/measures/{measure}/",
    "/commodities/",
    "/commodities/870323/",
    "/tariff-lookup/?importer=USA&exporter=JPN&hs=6109100010&date=2025-08-10",
    "/search/?q=rice",
    "/compare/?n=japan-united-states-2025",
    "/compare/",
]


def violations(page):
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => {
        const result = await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']});
        return result.violations.map(v => ({
            id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }"""
    )
    return found


@pytest.fixture
def urls(site):
    from negotiations.models import Agreement, Round
    from tariffs.models import Measure

    ids = {
        "agreement": Agreement.objects.order_by("pk").first().pk,
        "round": Round.objects.get(sequence=1).pk,
        "measure": Measure.objects.get(title="Reciprocal tariff on goods from Japan").pk,
    }
    return [site + path.format(**ids) for path in PAGES]


@pytest.mark.parametrize("width", [1280, 390])
def test_no_page_has_an_accessibility_violation(browser, urls, width):
    # axe-core goes in as an inline script, which the site's Content Security Policy refuses.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = {}
    try:
        for url in urls:
            page.goto(url)
            page.wait_for_load_state("load")
            problems = violations(page)
            if problems:
                found[url] = problems
    finally:
        context.close()
    assert found == {}
