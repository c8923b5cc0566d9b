"""Each demo fact cites the source that states it, and only that one.

The expected sources come from `cases/japan-united-states.md`, which names the source of
every line: a report of a meeting for the meeting, the Yomiuri report of 25 July 2025 for
what the agreement holds, the Federal Register for what an order or proclamation does.
"""

import datetime as dt

import pytest
from django.core.management import call_command

from negotiations.models import (
    Commitment,
    ConcessionStatusChange,
    Encounter,
    Negotiation,
    Round,
    Statement,
)
from tariffs.models import MeasureChange

pytestmark = pytest.mark.django_db

SEED_REPORT = "ITC News"  # the seed article: no address
ASAHI_0430 = "https://ajw-origin.potaufeu.asahi.com/ajw/articles/15737593"
YOMIURI_0430 = "https://japannews.yomiuri.co.jp/politics/politics-government/20250430-251921/"
YOMIURI_0502 = "https://japannews.yomiuri.co.jp/politics/politics-government/20250502-252264/"
YOMIURI_0524 = "https://japannews.yomiuri.co.jp/?p=256139"
ECONOTIMES = "https://www.econotimes.com/Japan-Pushes-for-Tariff-Relief-in-High-Stakes-US-Trade-Talks-1711172"
JIJI_0615 = "https://jen.jiji.com/jc/i?g=eco&k=2025061500253"
REUTERS_0723 = "https://japannews.yomiuri.co.jp/news-services/reuters/20250723-271114/"
DEAL = "https://japannews.yomiuri.co.jp/business/economy/20250725-271862/"
EO_14345 = "https://www.govinfo.gov/content/pkg/FR-2025-09-09/html/2025-17389.htm"
PROCLAMATION_10947 = "https://www.govinfo.gov/content/pkg/FR-2025-06-09/html/2025-10524.htm"


def cited(item):
    """Each source by its address, or by its publisher when it has none."""
    return {source.url or source.publisher for source in item.sources.all()}


@pytest.fixture
def demo():
    call_command("load_demo", stdout=None)
    return Negotiation.objects.get(slug="japan-united-states-2025")


def change(title_part, day, status):
    return ConcessionStatusChange.objects.get(
        concession__title__contains=title_part, changed_on=dt.date.fromisoformat(day), status=status
    )


def test_ten_facts_cite_exactly_the_sources_that_state_them(demo):
    facts = {
        "round 1": (demo.rounds.get(sequence=1), {SEED_REPORT, ASAHI_0430}),
        "round 2": (demo.rounds.get(sequence=2), {YOMIURI_0502}),
        "round 3": (demo.rounds.get(sequence=3), {YOMIURI_0524}),
        "round 4": (demo.rounds.get(sequence=4), {ECONOTIMES}),
        "phone call of 14 June": (
            Encounter.objects.get(round__sequence=6, date=dt.date(2025, 6, 14)),
            {JIJI_0615},
        ),
        "round 8, the agreement announced": (demo.rounds.get(sequence=8), {REUTERS_0723}),
        "“big progress”": (Statement.objects.get(quote="big progress"), {SEED_REPORT}),
        "Japan asks for the auto duty's removal": (
            change("automobiles and parts", "2025-04-16", "requested"),
            {YOMIURI_0430},
        ),
        "rice agreed": (change("rice", "2025-07-22", "agreed"), {DEAL}),
        "steel and aluminium dropped": (
            change("steel and aluminium", "2025-07-22", "withdrawn"),
            {DEAL},
        ),
        "reciprocal rule implemented": (
            change("reciprocal tariff", "2025-09-04", "implemented"),
            {EO_14345},
        ),
        "rice commitment": (Commitment.objects.get(description__contains="US rice"), {DEAL}),
        "steel raised to 50 %": (
            MeasureChange.objects.get(
                measure__title__contains="steel", effective_on=dt.date(2025, 6, 4)
            ),
            {PROCLAMATION_10947},
        ),
    }
    found = {name: cited(item) for name, (item, _) in facts.items()}
    assert found == {name: expected for name, (_, expected) in facts.items()}
    assert len(facts) >= 10


def test_no_meeting_cites_a_report_published_before_it(demo):
    """A report cannot state a meeting that had not happened yet (undated reports aside)."""
    early = []
    for item, day in (
        *((r, r.start_date) for r in Round.objects.all()),
        *((e, e.date or e.round.start_date) for e in Encounter.objects.all()),
        *((s, s.said_on) for s in Statement.objects.all()),
    ):
        for source in item.sources.all():
            if source.published_on and source.published_on < day:
                early.append((str(item), source.title))
    assert early == []
    assert Round.objects.count() == 7
