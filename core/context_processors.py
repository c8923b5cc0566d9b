"""What every page's layout needs: which section of the main navigation it belongs to."""

# (namespace, URL names or None for all of them) -> the navigation section it belongs to.
SECTIONS = [
    ("negotiations", {"home", "search", "events-feed"}, None),
    ("negotiations", None, "negotiations"),
    ("tariffs", {"lookup"}, "lookup"),
    ("tariffs", None, "measures"),
    ("commodities", None, "commodities"),
]


def navigation(request):
    """`nav_section`: "negotiations", "measures", "commodities", "lookup" or None."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {"nav_section": None}
    for namespace, names, section in SECTIONS:
        if match.namespace == namespace and (names is None or match.url_name in names):
            return {"nav_section": section}
    return {"nav_section": None}
