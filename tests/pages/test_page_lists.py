"""The negotiation page's long lists (the board's items, the timeline's events and the sources
under each) are written in Python: they escape what editors write as the template would, keep
the sources in their own order and link each step to its round."""

import datetime as dt

import pytest
from django.urls import reverse

from core.querysets import SOURCE_FIELDS, sources_of, sources_of_many
from negotiations.models import Concession

from ..factories import (
    ConcessionFactory,
    ConcessionStatusChangeFactory,
    RoundFactory,
    SourceFactory,
)
from .test_pages import page, parse

pytestmark = pytest.mark.django_db

MARKUP = '<b onclick="x()">Rice & "more"</b>'
ESCAPED = "&lt;b onclick=&quot;x()&quot;&gt;Rice &amp; &quot;more&quot;&lt;/b&gt;"


@pytest.fixture
def marked_up():
    """A concession, its step at a round and its source, each holding markup in its text."""
    round_ = RoundFactory(sequence=3, start_date=dt.date(2025, 5, 1), title=MARKUP)
    concession = ConcessionFactory(
        negotiation=round_.negotiation,
        title=MARKUP,
        amount=1500,
        amount_unit="tonnes",
        commodity__description=f"{MARKUP} of every grade and origin",
    )
    round_.negotiation.parties.set([concession.giver, concession.receiver])
    step = ConcessionStatusChangeFactory(
        concession=concession, changed_on=dt.date(2025, 5, 2), round=round_, note=MARKUP
    )
    source = SourceFactory(
        title=MARKUP, publisher=MARKUP, url='https://example.org/a?b=1&c="2"', kind="press"
    )
    concession.sources.add(source)
    step.sources.add(source)
    return concession, round_


def test_what_editors_write_is_escaped_in_the_board_and_the_timeline(client, marked_up):
    concession, round_ = marked_up
    html = page(client, concession.negotiation.get_absolute_url())
    assert MARKUP not in html
    assert "<b onclick" not in html
    item = parse(html).find("li", id=f"concession-{concession.pk}")
    assert item.find("strong").text() == MARKUP
    # Kind, product (linked, its description cut to 40 characters), amount and receiver.
    assert item.find("span", "muted").text() == (
        # 40 characters in all: the first 39 of the description and an ellipsis.
        f"Increase imports / purchase commitment · HS 1006 {MARKUP} of e… · 1,500 tonnes · to USA"
    )
    product = item.find("span", "muted").find("a")
    assert product.attrs["href"] == reverse("commodities:commodity", args=["1006"])
    [step] = item.find("ol", "steps").find_all("li")
    assert step.text() == "2 May 2025 Offered ( round 3 )"
    assert step.find("a").attrs["href"] == round_.get_absolute_url()
    [cited] = item.find("ul", "sources").find_all("li")
    assert cited.find("span", "badge").text() == "Press report"
    assert cited.find("a").attrs == {
        "href": 'https://example.org/a?b=1&c="2"',
        "rel": "external noopener",
    }
    assert cited.text().replace(" ,", ",") == f"Press report {MARKUP}, {MARKUP}, 1 Apr 2025"
    # The step's event in the timeline: its title, note and source, escaped as well.
    timeline = parse(html).find("ol", "timeline")
    [event] = [e for e in timeline.find_all("li", "event-concession")]
    assert event.find_all("a")[0].text() == f"{MARKUP}: offered"
    assert event.find("p").text() == MARKUP
    assert event.find("ul", "sources").find("a").text() == MARKUP
    assert ESCAPED in html


def test_an_empty_timeline_says_so(client):
    concession = ConcessionFactory()
    Concession.objects.filter(pk=concession.pk).delete()
    html = page(client, concession.negotiation.get_absolute_url())
    assert parse(html).find("ol", "timeline").text() == "Nothing recorded yet."


def keys(sources):
    return [source.pk for source in sources]


def test_a_source_read_as_a_row_reads_as_the_source(marked_up):
    """`CitedSource` answers what the lists of sources read of a `Source`, the same way."""
    concession, _ = marked_up
    for day, kind in ((dt.date(2025, 6, 1), "press"), (None, "official")):
        concession.sources.add(SourceFactory(published_on=day, kind=kind, url="https://x.test/a"))
    found = sources_of(Concession, [concession.pk])[concession.pk]
    records = list(concession.sources.all())
    assert len(found) == len(records) >= 2
    assert {row.get_kind_display() for row in found} >= {"Press report", "Official document"}
    for row, record in zip(found, records, strict=True):
        assert (row.pk, str(row), row.get_absolute_url(), row.get_kind_display()) == (
            record.pk,
            str(record),
            record.get_absolute_url(),
            record.get_kind_display(),
        )
        assert [getattr(row, f) for f in SOURCE_FIELDS] == [
            getattr(record, f) for f in SOURCE_FIELDS
        ]


def test_sources_are_listed_in_their_own_order(marked_up):
    concession, _ = marked_up
    for day, title in ((dt.date(2025, 6, 1), "B"), (dt.date(2025, 6, 1), "A"), (None, "C")):
        concession.sources.add(SourceFactory(title=title, published_on=day))
    other = ConcessionFactory(negotiation=concession.negotiation)
    found = sources_of(Concession, [concession.pk, other.pk])
    assert len(found[concession.pk]) == 4
    assert keys(found[concession.pk]) == keys(concession.sources.all())
    assert [s.title for s in found[concession.pk] if s.title in "AB"] == ["A", "B"]
    assert found[other.pk] == []


def test_the_sources_of_several_kinds_of_record_are_read_in_one_query(
    marked_up, django_assert_num_queries
):
    concession, _ = marked_up
    change = concession.status_changes.first()
    for day, title in ((dt.date(2025, 6, 1), "B"), (None, "C")):
        concession.sources.add(SourceFactory(title=title, published_on=day))
    change.sources.add(SourceFactory(title="D", published_on=dt.date(2025, 7, 1)))
    with django_assert_num_queries(1):
        found = sources_of_many({Concession: [concession.pk], type(change): [change.pk]})
    assert keys(found[Concession][concession.pk]) == keys(concession.sources.all())
    assert keys(found[type(change)][change.pk]) == keys(change.sources.all())
    assert len(found[type(change)][change.pk]) == 2
    assert sources_of_many({}) == {}
