"""The Content Security Policy in a real browser: the site's own pages, the admin and the API
docs load with nothing blocked, and a script injected inline is refused."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from ..factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEGOTIATION = "/negotiations/japan-united-states-2025/"
PAGES = {
    NEGOTIATION: "[data-testid=glance]",
    "/tariff-lookup/?importer=USA&exporter=JPN&hs=6109100010&date=2025-08-10": "main h1",
    f"{NEGOTIATION}effective-rate/?importer=USA&exporter=JPN": "canvas[data-drawn='true']",
    "/commodities/870323/": "canvas[data-drawn='true']",
    "/": "main h1",
    "/api/v1/docs/": ".swagger-ui .opblock",
    "/api/v1/economies/": ".response-info",
    "/admin/login/": "#login-form",
}
ADMIN_PAGES = {
    "/admin/": "#content-main",
    "/admin/negotiations/negotiation/": "#result_list",
    "/admin/negotiations/round/1/change/": "#round_form",
}


def blocked(messages):
    """What the browser reported the policy refused."""
    return [m for m in messages if "Content Security Policy" in m]


@pytest.fixture
def console(page):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    return messages


@pytest.mark.parametrize("path", PAGES)
def test_a_page_loads_with_nothing_blocked(page, console, site, path):
    response = page.goto(site + path)
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.locator(PAGES[path]).first.wait_for()
    page.wait_for_load_state("networkidle")
    assert blocked(console) == []


def test_the_admin_loads_with_nothing_blocked(page, console, site):
    from negotiations.models import Round

    UserFactory(username="root", is_staff=True, is_superuser=True)
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(site + "/admin/")
    first_round = Round.objects.order_by("pk").first().pk
    for path, ready in ADMIN_PAGES.items():
        page.goto(site + path.replace("/1/", f"/{first_round}/"))
        page.locator(ready).wait_for()
        page.wait_for_load_state("networkidle")
    assert blocked(console) == []


def test_an_injected_inline_script_is_refused(page, console, site):
    page.goto(site + NEGOTIATION)
    with pytest.raises(PlaywrightError, match="violates the following Content Security Policy"):
        page.add_script_tag(content="window.injected = true;")
    assert page.evaluate("window.injected") is None
    assert any("inline script" in m for m in blocked(console)), console


def test_without_the_policy_the_same_script_runs(browser, site):
    """The check above can fail: with the policy bypassed, the injected script runs."""
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(site + NEGOTIATION)
        page.add_script_tag(content="window.injected = true;")
        assert page.evaluate("window.injected") is True
    finally:
        context.close()
