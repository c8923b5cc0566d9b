"""Every page's layout links to the site's sections, its search, feed, API docs and admin,
under the script prefix the site is served at."""

import pytest
from django.urls import reverse, set_script_prefix

from core.context_processors import LAYOUT_LINKS

pytestmark = pytest.mark.django_db

LINKED_AS = {
    "home": '<a class="brand" href="{}">',
    "negotiations": '<a href="{}">Negotiations</a>',
    "measures": '<a href="{}" aria-current="page">Measures</a>',
    "commodities": '<a href="{}">Commodities</a>',
    "lookup": '<a href="{}">Tariff lookup</a>',
    "search": 'action="{}" method="get"',
    "feed": 'type="application/atom+xml" title="Tariff tracker: events" href="{}"',
    "api_docs": '<a href="{}">API</a>',
    "admin": '<a href="{}">Admin</a>',
}


def test_the_layout_links_every_address(client):
    page = client.get("/measures/").content.decode()
    assert set(LINKED_AS) == set(LAYOUT_LINKS)
    for key, name in LAYOUT_LINKS.items():
        assert LINKED_AS[key].format(reverse(name)) in page, key
    assert 'href="/measures/" aria-current="page"' in page


def test_the_links_carry_the_script_prefix_the_site_is_served_at(client):
    """Reversed once per prefix: a site served under /tracker links under /tracker, and the
    same process serving at the root links at the root."""
    # WSGIHandler sets the prefix from SCRIPT_NAME; the test client's handler does not.
    set_script_prefix("/tracker/")
    try:
        served_under = client.get("/measures/").content.decode()
    finally:
        set_script_prefix("/")
    assert 'href="/tracker/measures/" aria-current="page"' in served_under
    assert '<a href="/tracker/admin/">Admin</a>' in served_under
    at_the_root = client.get("/measures/").content.decode()
    assert '<a href="/admin/">Admin</a>' in at_the_root
    assert "/tracker/" not in at_the_root
