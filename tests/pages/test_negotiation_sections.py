"""The negotiation page's boards show each column's newest items and open one column whole on
request; its sections are kept rendered until the data change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiations.board import BOARD_COLUMN_LENGTH

from ..factories import ConcessionFactory, NegotiationFactory
from .test_pages import page, parse

pytestmark = pytest.mark.django_db

EXTRA = 3  # items in the column beyond what it shows


@pytest.fixture
def long_column():
    """A negotiation whose Japan gives BOARD_COLUMN_LENGTH + EXTRA requested items."""
    first = ConcessionFactory(negotiation=NegotiationFactory(), title="Ask 00")
    for n in range(1, BOARD_COLUMN_LENGTH + EXTRA):
        ask_more(first.negotiation, f"Ask {n:02d}")
    first.negotiation.parties.set([first.giver, first.receiver])
    return first.negotiation


def ask_more(negotiation, title):
    """One more request, like the negotiation's first (signals mark the data changed)."""
    first = negotiation.concessions.order_by("pk").first()
    return ConcessionFactory(
        negotiation=negotiation,
        giver=first.giver,
        receiver=first.receiver,
        commodity=first.commodity,
        title=title,
    )


def board_titles(html):
    board = parse(html).find("section", **{"data-testid": "board-JPN"})
    return sorted(item.find("strong").text() for item in board.find_all("li", "board-item"))


def test_a_column_shows_its_newest_items_and_links_to_the_rest(client, long_column):
    url = reverse("negotiations:negotiation", args=[long_column.slug])
    html = page(client, url)
    newest = [f"Ask {n:02d}" for n in range(EXTRA, BOARD_COLUMN_LENGTH + EXTRA)]
    assert board_titles(html) == newest
    more = parse(html).find("a", **{"data-testid": "board-more"})
    assert more.text() == f"{EXTRA} more"
    assert more.attrs["href"] == "?column=JPN-requested#board-JPN"

    # A purchase of USD 768,000,000 reads in millions, with the unit.
    long_column.concessions.filter(title="Ask 08").update(amount=768_000_000, amount_unit="USD")
    assert "· USD 768 m ·" in page(client, url, column="JPN-requested")

    opened = page(client, url, column="JPN-requested")
    assert board_titles(opened) == [f"Ask {n:02d}" for n in range(BOARD_COLUMN_LENGTH + EXTRA)]
    assert parse(opened).find_all("a", **{"data-testid": "board-more"}) == []
    assert "Show the newest only" in opened


@pytest.mark.parametrize("asked", ["USA-requested", "JPN-nonsense", "JPN", "-", "x" * 300])
def test_an_unknown_column_shows_the_board_as_usual(client, long_column, asked):
    url = reverse("negotiations:negotiation", args=[long_column.slug])
    assert len(board_titles(page(client, url, column=asked))) == BOARD_COLUMN_LENGTH


def test_the_sections_are_kept_until_the_data_change(client, long_column):
    url = reverse("negotiations:negotiation", args=[long_column.slug])
    with CaptureQueriesContext(connection) as cold:
        page(client, url)
    with CaptureQueriesContext(connection) as warm:
        html = page(client, url)
    # Kept: the page reads the negotiation, its parties and the data's version, no section.
    assert len(warm) < len(cold) / 3
    assert not any("negotiations_concession" in q["sql"] for q in warm.captured_queries)
    assert "Ask 08" in html and "Newly asked" not in html

    ask_more(long_column, "Newly asked")
    assert "Newly asked" in page(client, url)


def test_a_compared_column_is_kept_until_the_data_change(client, long_column):
    url = reverse("negotiations:compare")
    with CaptureQueriesContext(connection) as cold:
        page(client, url, n=long_column.slug)
    with CaptureQueriesContext(connection) as warm:
        html = page(client, url, n=long_column.slug)
    assert len(warm) < len(cold) / 2
    total = BOARD_COLUMN_LENGTH + EXTRA
    assert f"0 agreed, {total} pending, 0 dropped" in html

    ask_more(long_column, "One more")
    assert f"0 agreed, {total + 1} pending, 0 dropped" in page(client, url, n=long_column.slug)
