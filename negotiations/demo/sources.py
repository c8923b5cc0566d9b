"""The sources the demo's facts cite: press reports and the U.S. documents."""

import datetime as dt

from core.models import Source

from .sync import sync

PRESS, OFFICIAL = Source.Kind.PRESS_REPORT, Source.Kind.OFFICIAL_DOCUMENT
# (key, publisher, title, published on, kind[, url])
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
        "asahi_0430",
        "The Asahi Shimbun",
        "Report on the first round: Akazawa met Trump, Bessent and Greer",
        dt.date(2025, 4, 30),
        PRESS,
        "https://ajw-origin.potaufeu.asahi.com/ajw/articles/15737593",
    ),
    (
        "yomiuri_0430",
        "The Yomiuri Shimbun",
        "Report on Japan's asks: removal of the auto, steel and aluminium and reciprocal tariffs",
        dt.date(2025, 4, 30),
        PRESS,
        "https://japannews.yomiuri.co.jp/politics/politics-government/20250430-251921/",
    ),
    (
        "yomiuri_0502",
        "The Yomiuri Shimbun",
        "Report on the second round: Akazawa met Bessent, Greer and Lutnick",
        dt.date(2025, 5, 2),
        PRESS,
        "https://japannews.yomiuri.co.jp/politics/politics-government/20250502-252264/",
    ),
    (
        "yomiuri_0524",
        "The Yomiuri Shimbun",
        "Report on the third round: Akazawa met Lutnick and Greer",
        dt.date(2025, 5, 24),
        PRESS,
        "https://japannews.yomiuri.co.jp/?p=256139",
    ),
    (
        "econotimes",
        "EconoTimes",
        "Japan Pushes for Tariff Relief in High-Stakes US Trade Talks",
        dt.date(2025, 5, 30),
        PRESS,
        "https://www.econotimes.com/Japan-Pushes-for-Tariff-Relief-in-High-Stakes-US-Trade-Talks-1711172",
    ),
    (
        "yomiuri_0606",
        "The Yomiuri Shimbun",
        "Report on the fifth round: Akazawa met Lutnick and Bessent",
        dt.date(2025, 6, 6),
        PRESS,
        "https://japannews.yomiuri.co.jp/politics/politics-government/20250606-260081/",
    ),
    (
        "jiji_0615",
        "Jiji Press",
        "Report on the sixth round: Akazawa met Lutnick and Bessent separately",
        dt.date(2025, 6, 15),
        PRESS,
        "https://jen.jiji.com/jc/i?g=eco&k=2025061500253",
    ),
    (
        "reuters_0723",
        "Reuters (via The Yomiuri Shimbun)",
        "Report on the agreement announced by President Trump on 22 July 2025",
        dt.date(2025, 7, 23),
        PRESS,
        "https://japannews.yomiuri.co.jp/news-services/reuters/20250723-271114/",
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
    (
        "metals",
        "Federal Register",
        "Proclamations 10895 and 10896: Adjusting Imports of Aluminum and of Steel Into the "
        "United States",
        None,
        OFFICIAL,
    ),
    (
        "metals_50",
        "Federal Register",
        "Proclamation 10947: Adjusting Imports of Aluminum and Steel Into the United States "
        "(document 2025-10524)",
        dt.date(2025, 6, 9),
        OFFICIAL,
        "https://www.govinfo.gov/content/pkg/FR-2025-06-09/html/2025-10524.htm",
    ),
    (
        "rates_august",
        "Executive Office of the President",
        "Executive Order 14326 of 31 July 2025: reciprocal rates listed from 7 August 2025",
        None,
        OFFICIAL,
    ),
    (
        "deal",
        "The Yomiuri Shimbun",
        "Japan-U.S. tariff agreement: 15% on Japanese goods, USD 550 billion of investment",
        dt.date(2025, 7, 25),
        PRESS,
        "https://japannews.yomiuri.co.jp/business/economy/20250725-271862/",
    ),
    (
        "implementing",
        "Federal Register",
        "Executive Order 14345: Implementing the United States-Japan Agreement "
        "(90 FR 43535, document 2025-17389)",
        dt.date(2025, 9, 9),
        OFFICIAL,
        "https://www.govinfo.gov/content/pkg/FR-2025-09-09/html/2025-17389.htm",
    ),
    (
        "ruling",
        "Supreme Court of the United States",
        "Learning Resources, Inc. v. Trump, No. 24-1287 (opinion)",
        dt.date(2026, 2, 20),
        OFFICIAL,
        "https://www.supremecourt.gov/opinions/25pdf/24-1287_4gcj.pdf",
    ),
]


def load_sources():
    """The sources by key; "reports" are the seed report and the report it cites, which the
    negotiation as a whole cites."""
    sources = {
        key: sync(
            Source,
            {"publisher": publisher, "title": title},
            url=url[0] if url else "",
            published_on=published_on,
            kind=kind,
        )
        for key, publisher, title, published_on, kind, *url in SOURCES
    }
    sources["reports"] = [sources["article"], sources["yomiuri"]]
    return sources
