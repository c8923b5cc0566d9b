"""The sources the demo's facts cite: two press reports and the U.S. documents."""

import datetime as dt

from core.models import Source

from .sync import sync

PRESS, OFFICIAL = Source.Kind.PRESS_REPORT, Source.Kind.OFFICIAL_DOCUMENT
# (key, publisher, title, published on, kind)
SOURCES = [
    (
        "article",
        "ITC News",
        "Japan weighs more soybean and rice imports in tariff talks with the United States",
        None,
        PRESS,
    ),
    (
        "yomiuri",
        "The Yomiuri Shimbun",
        "Japan considers increasing imports of U.S. soybeans and rice (as cited by ITC News)",
        None,
        PRESS,
    ),
    (
        "autos",
        "Federal Register",
        "Proclamation 10908: Adjusting Imports of Automobiles and Automobile Parts Into the "
        "United States",
        dt.date(2025, 3, 31),
        OFFICIAL,
    ),
    (
        "reciprocal",
        "Federal Register",
        "Executive Order 14257: Regulating Imports With a Reciprocal Tariff",
        dt.date(2025, 4, 7),
        OFFICIAL,
    ),
    (
        "pause",
        "Federal Register",
        "Executive Order 14266: Modifying Reciprocal Tariff Rates To Reflect Trading Partner "
        "Retaliation and Alignment",
        dt.date(2025, 4, 15),
        OFFICIAL,
    ),
]


def load_sources():
    """The sources by key; "reports" are the two press reports every seed fact cites."""
    sources = {
        key: sync(
            Source,
            {"publisher": publisher, "title": title},
            url="",
            published_on=published_on,
            kind=kind,
        )
        for key, publisher, title, published_on, kind in SOURCES
    }
    sources["reports"] = [sources.pop("article"), sources.pop("yomiuri")]
    return sources
