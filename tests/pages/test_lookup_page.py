"""The lookup page: its lists of economies, and its queries whatever it lists."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from core.models import Economy
from tariffs.models import NationalLine, ScheduleRevision

from ..factories import EconomyFactory
from .test_page_queries import queries

pytestmark = pytest.mark.django_db

URL = reverse("tariffs:lookup") + "?importer=USA&exporter=JPN&hs=870323"


def select(html, name):
    match = re.search(rf'<select name="{name}"([^>]*)>(.*?)</select>', html, re.S)
    assert match, name
    return match.group(1), re.findall(
        r'<option value="([^"]*)"( selected)?>([^<]*)</option>', match.group(2)
    )


def test_each_list_offers_every_economy_by_name_and_keeps_the_choice(client, demo):
    html = client.get(URL).content.decode()
    economies = list(Economy.objects.order_by("name").values_list("iso3", "name"))
    for name, chosen in (("importer", "USA"), ("exporter", "JPN")):
        attributes, options = select(html, name)
        assert f'id="id_{name}"' in attributes and " required" in attributes
        assert [(value, label) for value, _, label in options] == [
            ("", "---------"),
            *((iso3, f"{title} ({iso3})") for iso3, title in economies),
        ]
        assert [value for value, selected, _ in options if selected] == [chosen]


def test_the_page_runs_the_same_queries_with_more_lines_and_economies(client, demo):
    usa = Economy.objects.get(iso3="USA")
    revision = ScheduleRevision.objects.in_effect_on(usa, dt.date.today())
    NationalLine.objects.filter(revision=revision, code__startswith="870323").exclude(
        code="87032301"
    ).delete()
    client.get(URL)  # the economies are read on the first request of a version, then kept
    before = queries(client, URL)
    NationalLine.objects.bulk_create(
        NationalLine(
            revision=revision,
            code=f"87032390{n:02d}",
            description=f"Extra line {n}",
            general="2.5%",
            rate_line=f"87032390{n:02d}",
        )
        for n in range(20)
    )
    EconomyFactory.create_batch(30)
    html = client.get(URL).content.decode()
    assert html.count("Extra line") >= 20 and html.count("Economy ") >= 60
    assert queries(client, URL) == before
