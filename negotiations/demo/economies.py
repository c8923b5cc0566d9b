"""Japan and the United States, and the people who speak for them."""

from django.utils.text import slugify

from core.models import Economy

from ..models import Person
from .sync import sync


def load_economies():
    return {
        "JPN": sync(
            Economy,
            {"iso3": "JPN"},
            name="Japan",
            comtrade_code=392,
            census_code="5880",
            kind=Economy.Kind.COUNTRY,
        ),
        "USA": sync(
            Economy,
            {"iso3": "USA"},
            name="United States",
            comtrade_code=842,
            census_code=None,
            kind=Economy.Kind.COUNTRY,
        ),
    }


PEOPLE = [
    ("akazawa", "Ryosei Akazawa", "Minister for Economic Revitalization", "JPN"),
    ("kato", "Katsunobu Kato", "Minister of Finance", "JPN"),
    ("trump", "Donald Trump", "President of the United States", "USA"),
    ("bessent", "Scott Bessent", "Secretary of the Treasury", "USA"),
    ("greer", "Jamieson Greer", "United States Trade Representative", "USA"),
    ("lutnick", "Howard Lutnick", "Secretary of Commerce", "USA"),
]


def load_people(economies):
    return {
        key: sync(
            Person,
            {"slug": slugify(name)},
            name=name,
            office=office,
            economy=economies[iso3],
        )
        for key, name, office, iso3 in PEOPLE
    }
