"""What every page's layout needs: which section of the main navigation it belongs to, and the
addresses its header and footer link to."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# (namespace, URL names or None for all of them) -> the navigation section it belongs to.
SECTIONS = [
    ("negotiations", {"home", "search", "events-feed"}, None),
    ("negotiations", None, "negotiations"),
    ("tariffs", {"lookup"}, "lookup"),
    ("tariffs", None, "measures"),
    ("commodities", None, "commodities"),
]

# The layout's links (templates/base.html): `site_urls.<key>`.
LAYOUT_LINKS = {
    "home": "negotiations:home",
    "negotiations": "negotiations:negotiation-list",
    "measures": "tariffs:measure-list",
    "commodities": "commodities:browser",
    "lookup": "tariffs:lookup",
    "search": "negotiations:search",
    "feed": "negotiations:events-feed",
    "api_docs": "api:docs",
    "admin": "admin:index",
}


def navigation(request):
    """`nav_section`: "negotiations", "measures", "commodities", "lookup" or None; and
    `site_urls`, the layout's addresses."""
    return {"nav_section": section_of(request), "site_urls": layout_urls()}


def section_of(request):
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    for namespace, names, section in SECTIONS:
        if match.namespace == namespace and (names is None or match.url_name in names):
            return section
    return None


def layout_urls():
    """The layout's addresses, reversed once per process for each script prefix and URL
    configuration: they never change while it runs, and Django's resolver reverses each
    of the ten links of every page anew, which costs a page about as much as a query."""
    return _reversed(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@lru_cache(maxsize=16)
def _reversed(prefix, urlconf):
    return {key: reverse(name, urlconf=urlconf) for key, name in LAYOUT_LINKS.items()}
