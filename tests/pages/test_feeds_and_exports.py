"""The Atom feeds are valid Atom; the measures page's CSV holds what the page lists."""

import csv
import io
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def atom(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def assert_valid_atom(feed):
    """RFC 4287: a feed and each entry have an id, a title and an updated time; entries a link."""
    assert feed.tag == f"{ATOM}feed"
    for element in (feed, *feed.findall(f"{ATOM}entry")):
        for required in ("id", "title", "updated"):
            assert element.find(f"{ATOM}{required}") is not None, required
    for entry in feed.findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}link").get("href")
    ids = [entry.find(f"{ATOM}id").text for entry in feed.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))


def test_the_events_feed_is_valid_atom_with_rounds_and_status_changes(client, demo):
    feed = atom(client, reverse("negotiations:events-feed"))
    assert_valid_atom(feed)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert any("First round of high-level talks" in t for t in titles)
    assert "Reciprocal tariff on goods from Japan: paused" in titles
    assert "More imports of U.S. rice: under consideration" in titles


def test_a_negotiations_feed_is_valid_atom_with_its_own_events(client, demo):
    feed = atom(client, reverse("negotiations:negotiation-feed", args=[demo.slug]))
    assert_valid_atom(feed)
    assert "Japan–United States" in feed.find(f"{ATOM}title").text
    assert len(feed.findall(f"{ATOM}entry")) > 10


def test_the_measures_csv_download_matches_the_filtered_list(client, demo):
    filters = {"issuer": "USA", "legal_basis": "ieepa", "status": "in_force", "on": "2025-04-09"}
    html = client.get(reverse("tariffs:measure-list"), filters).content.decode()
    link = html.split('href="', 1)[1] if False else _csv_link(html)
    url = urlsplit(link.replace("&amp;", "&"))
    response = client.get(url.path + "?" + url.query)
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    titles = {row["title"] for row in rows}
    assert titles == {"Universal 10% baseline tariff", "Reciprocal tariff on goods from Japan"}
    for title in titles:
        assert title in html
    assert "Section 232 duty on imported automobiles" not in html


def _csv_link(html):
    marker = "Download these measures as CSV"
    anchor = html[: html.index(marker)]
    return anchor[anchor.rindex('href="') + len('href="') : anchor.rindex('" download')]


def test_feed_summaries_are_plain_text_so_what_editors_typed_is_never_read_as_html(client, demo):
    from negotiations.models import Round

    typed = '<script>alert("x")</script> Agreed to <b>meet</b> again & soon.'
    Round.objects.filter(pk=demo.rounds.get(sequence=1).pk).update(outcome=typed)
    for url in (
        reverse("negotiations:events-feed"),
        reverse("negotiations:negotiation-feed", args=[demo.slug]),
    ):
        feed = atom(client, url)
        summaries = [entry.find(f"{ATOM}summary") for entry in feed.findall(f"{ATOM}entry")]
        assert summaries and {s.get("type") for s in summaries if s is not None} == {"text"}
        assert any(s.text.startswith(f"{typed} Sources: ") for s in summaries if s is not None)
