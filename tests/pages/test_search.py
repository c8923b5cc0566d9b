"""Search results: each with its kind, a link to its page, its date and a snippet of the
matching text with the matched words marked; a statement found by its words, a round by who
led it; one query per kind, whatever the number of results."""

import datetime as dt

import pytest
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commodities.models import Commodity
from core.models import Economy
from core.search import RESULTS_PER_KIND, registry, search_everything
from negotiations.models import Delegation, Person, Round, Statement
from tariffs.models import Measure

from ..factories import (
    AgreementFactory,
    CommitmentFactory,
    ConcessionFactory,
    ConcessionStatusChangeFactory,
    DelegationFactory,
    MeasureChangeFactory,
    MeasureFactory,
    NegotiationFactory,
    PersonFactory,
    RoundFactory,
    SourceFactory,
    StatementFactory,
)
from .test_pages import page, parse

pytestmark = pytest.mark.django_db


def search_page(client, query):
    return page(client, reverse("negotiations:search"), q=query)


def shown(html):
    """[(kind, link, date shown, its datetime, snippet text)] of every result on the page."""
    rows = []
    for item in parse(html).find("main").find_all("li", "search-result"):
        times = item.find_all("time")
        rows.append(
            (
                item.find("span", "event-kind").text(),
                item.find("a").attrs["href"],
                times[0].text() if times else None,
                times[0].attrs["datetime"] if times else None,
                item.find("p", "snippet").text(),
            )
        )
    return rows


def day(value):
    """A date as the pages write it."""
    return date_filter(value, "j M Y")


def test_akazawa_finds_the_rounds_he_led_each_with_its_kind_date_and_a_snippet(client, demo):
    led = set(Round.objects.filter(delegations__head__slug="ryosei-akazawa"))
    assert len(led) == 7
    rounds = search_everything("Akazawa")["Rounds"]
    assert {result.item for result in rounds} == led
    # The fourth round names him nowhere in its own text: it is found by who led it.
    fourth = Round.objects.get(negotiation=demo, sequence=4)
    assert "Akazawa" not in " ".join((fourth.title, fourth.summary, fourth.outcome))
    for result in rounds:
        assert result.kind == "Round"
        assert result.url == result.item.get_absolute_url()
        assert result.date == result.item.start_date
        assert "<mark>Akazawa</mark>" in result.snippet
    rows = {row[1]: row for row in shown(search_page(client, "Akazawa"))}
    for round_ in led:
        kind, _, shown_day, datetime, snippet = rows[round_.get_absolute_url()]
        assert kind == "Round"
        assert (shown_day, datetime) == (day(round_.start_date), round_.start_date.isoformat())
        assert "Akazawa" in snippet
    assert rows[fourth.get_absolute_url()][2] == "30 May 2025"


def test_the_rounds_come_best_match_first_then_newest(demo):
    rounds = search_everything("Akazawa")["Rounds"]
    if connection.vendor == "postgresql":
        # Named in its text as well as leading it ranks above leading it only.
        named = [r for r in rounds if "Akazawa" in r.item.summary + r.item.outcome]
        groups = [named, [r for r in rounds if r not in named]]
        assert rounds == groups[0] + groups[1] and all(groups)
    else:
        groups = [rounds]
    for group in groups:
        assert [r.date for r in group] == sorted((r.date for r in group), reverse=True)


def test_a_round_is_found_by_whoever_led_a_delegation_to_it(client, demo):
    fourth = Round.objects.get(negotiation=demo, sequence=4)
    bessent = Person.objects.get(slug="scott-bessent")
    # The demo records no head of the U.S. delegation: Bessent is found only where named.
    assert fourth not in {r.item for r in search_everything("Bessent").get("Rounds", [])}
    Delegation.objects.create(round=fourth, economy=bessent.economy, head=bessent)
    assert fourth in {r.item for r in search_everything("Bessent")["Rounds"]}
    found = {r.item: r for r in search_everything("Bessent Akazawa")["Rounds"]}
    assert found[fourth].snippet.count("<mark>") == 2
    rows = {row[1]: row for row in shown(search_page(client, "Bessent"))}
    assert rows[fourth.get_absolute_url()][:3] == (
        "Round",
        fourth.get_absolute_url(),
        "30 May 2025",
    )


def test_a_word_only_in_a_statement_finds_that_statement(client, demo):
    statement = Statement.objects.get(quote="big progress")
    assert "delegation" in statement.context
    results = search_everything("delegation")
    assert list(results) == ["Statements"]
    [result] = results["Statements"]
    assert result.item == statement
    assert result.kind == "Statement"
    assert result.date == statement.said_on == dt.date(2025, 4, 16)
    assert "<mark>delegation</mark>" in result.snippet
    # A statement is shown on its round's page, at its anchor.
    anchor = f"statement-{statement.pk}"
    assert result.url == f"{statement.round.get_absolute_url()}#{anchor}"
    assert f'id="{anchor}"' in page(client, statement.round.get_absolute_url())
    html = search_page(client, "delegation")
    assert "<mark>delegation</mark>" in html
    assert shown(html) == [
        ("Statement", result.url, "16 Apr 2025", "2025-04-16", parse_text(result.snippet))
    ]
    # Also found by who said it.
    assert statement in {r.item for r in search_everything("Trump")["Statements"]}


def parse_text(html):
    return parse(f"<p>{html}</p>").find("p").text()


def test_a_measure_is_found_with_the_day_of_its_latest_step(client, demo):
    autos = Measure.objects.get(title="Section 232 duty on imported automobiles")
    latest = autos.changes.order_by("-effective_on").first().effective_on
    MeasureChangeFactory(measure=autos, effective_on=latest - dt.timedelta(days=10))
    [result] = [r for r in search_everything("automobiles")["Measures"] if r.item == autos]
    assert (result.kind, result.date) == ("Measure", latest)
    assert "<mark>" in result.snippet
    rows = {row[1]: row for row in shown(search_page(client, "automobiles"))}
    assert rows[autos.get_absolute_url()][:4] == (
        "Measure",
        autos.get_absolute_url(),
        day(latest),
        latest.isoformat(),
    )


def test_html_in_stored_text_is_escaped_in_snippets(client, demo):
    round_ = Round.objects.get(negotiation=demo, sequence=1)
    StatementFactory(
        round=round_,
        speaker=Person.objects.get(slug="donald-trump"),
        quote='Zebrafish <b>duties</b> & "quotas" <script>alert(1)</script> if 1 < 2',
    )
    [result] = search_everything("zebrafish")["Statements"]
    assert "<mark>Zebrafish</mark>" in result.snippet
    assert "&amp;" in result.snippet and "&lt; 2" in result.snippet
    assert "<b>" not in result.snippet and "<script" not in result.snippet
    html = search_page(client, "zebrafish")
    assert str(result.snippet) in html
    assert "<script>alert" not in html


@pytest.mark.parametrize("query", ["", "   ", "a of", "to US"])
def test_a_query_without_a_word_long_enough_says_what_to_type(client, demo, query):
    assert search_everything(query) == {}
    html = search_page(client, query)
    hint = parse(html).find("p", id="search-hint").text()
    assert ("Type a longer word" if query.strip() else "Type a word") in hint
    assert "Nothing matches" not in html
    assert not parse(html).find("main").find_all("li", "search-result")


def test_short_words_are_left_out_of_a_longer_query(demo):
    assert {r.item for r in search_everything("a Akazawa")["Rounds"]} == {
        r.item for r in search_everything("Akazawa")["Rounds"]
    }


def findable(negotiation, n):
    """Add `n` items of every kind the search finds, each with "Quokka" in its text; the rounds
    name it only in who led them."""
    japan, usa = Economy.objects.get(iso3="JPN"), Economy.objects.get(iso3="USA")
    rice = Commodity.objects.get(code="1006")
    start = Round.objects.filter(negotiation=negotiation).count() + 100
    for i in range(n):
        person = PersonFactory(name=f"Quokka {start + i}", economy=japan)
        round_ = RoundFactory(
            negotiation=negotiation,
            sequence=start + i,
            start_date=dt.date(2025, 9, 1) + dt.timedelta(days=i),
        )
        DelegationFactory(round=round_, economy=japan, head=person)
        StatementFactory(round=round_, speaker=person)
        NegotiationFactory(summary="A quokka negotiation.")
        MeasureChangeFactory(measure=MeasureFactory(issuer=usa, description="On quokkas."))
        concession = ConcessionFactory(
            negotiation=negotiation,
            round=round_,
            giver=japan,
            receiver=usa,
            commodity=rice,
            description="More quokka imports.",
        )
        ConcessionStatusChangeFactory(concession=concession, round=round_)
        agreement = AgreementFactory(negotiation=negotiation, summary="Quokka terms.")
        CommitmentFactory(agreement=agreement, giver=japan, description="Buy quokka feed.")
        SourceFactory(title=f"Quokka report {start + i}")


def queries(client, query):
    """The SELECTs the search page runs (not the savepoints of its request's transaction)."""
    with CaptureQueriesContext(connection) as captured:
        html = search_page(client, query)
    return sum(1 for q in captured if "SAVEPOINT" not in q["sql"]), html


def test_the_search_runs_one_query_per_kind_whatever_the_number_of_results(client, demo):
    kinds = len(registry())
    findable(demo, 1)
    one, html = queries(client, "quokka")
    assert len(shown(html)) == kinds
    findable(demo, RESULTS_PER_KIND + 4)
    many, html = queries(client, "quokka")
    assert len(shown(html)) == kinds * RESULTS_PER_KIND
    assert many == one == kinds
    assert {kind for kind, *_ in shown(html)} == {
        "Negotiation",
        "Round",
        "Statement",
        "Person",
        "Measure",
        "Agreement",
        "Commitment",
        "Concession",
        "Source",
    }
    # Every result has a date but people, who have none.
    assert all(row[2] for row in shown(html) if row[0] != "Person")
