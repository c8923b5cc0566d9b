"""A round's outcome entered from its admin page: the status steps written there, the sources
picked once for the page, the agreements announced at the round, and a page that asks the
database as often for 50 concessions as for one."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.groups import EDITOR
from core.models import Economy, Source
from negotiations.models import (
    Agreement,
    Concession,
    ConcessionStatusChange,
    Encounter,
    Negotiation,
    Person,
    Round,
    Statement,
)
from negotiations.steps import record_step

from .demo_data import SLUG, copy_demo
from .factories import ConcessionFactory, SourceFactory, UserFactory
from .test_admin_edits import posted

pytestmark = pytest.mark.django_db

POTATOES = "Market access for U.S. potatoes"  # requested at round 1 (16 April 2025), no more


@pytest.fixture
def demo():
    return copy_demo()


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(username="editor", is_staff=True, groups=[EDITOR]))
    return client


def change_url(round_):
    return reverse("admin:negotiations_round_change", args=[round_.pk])


def opened(client, round_):
    """The round's page as opened, and the data a browser would post back unchanged."""
    response = client.get(change_url(round_))
    assert response.status_code == 200
    return response, posted(response)


def row_index(response, prefix, match):
    """The index, in the inline posted under `prefix`, of the row whose instance `match`es."""
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            for index, form in enumerate(inline.formset.forms):
                if match(form.instance):
                    return index
    raise AssertionError(f"no such row in {prefix}")


def add_row(data, prefix, **fields):
    """`data` with one more new row in the inline posted under `prefix`."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    return data


def round_of(demo, sequence):
    return Round.objects.get(negotiation=demo, sequence=sequence)


def test_a_step_of_an_earlier_concession_is_written_with_the_round_its_last_day_and_sources(
    editor, demo
):
    fifth = round_of(demo, 5)  # 5 and 6 June 2025
    potatoes = Concession.objects.get(title=POTATOES)
    page_source = SourceFactory()
    _, data = opened(editor, fifth)
    data["page_sources"] = [str(page_source.pk)]
    add_row(
        data,
        "concession_changes",
        concession=potatoes.pk,
        status="offered",
        note="Japan offered it.",
        cite_page_sources="on",
    )
    response = editor.post(change_url(fifth), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    step = potatoes.status_changes.get(round=fifth)
    assert (step.status, step.changed_on, step.note) == (
        "offered",
        dt.date(2025, 6, 6),
        "Japan offered it.",
    )
    assert list(step.sources.all()) == [page_source]
    potatoes.refresh_from_db()
    assert potatoes.status == "offered"
    assert step.history.latest().history_user.username == "editor"


def test_record_step_writes_one_step_by_the_models_rules_or_nothing(demo):
    potatoes = Concession.objects.get(title=POTATOES)
    source = SourceFactory()
    step = record_step(potatoes, "offered", round_of(demo, 6), sources=[source])
    # Round 6 ran on 13 and 14 June 2025: the step takes its last day.
    assert (step.changed_on, list(step.sources.all())) == (dt.date(2025, 6, 14), [source])
    potatoes.refresh_from_db()
    assert potatoes.status == "offered"
    elsewhere = Round.objects.create(
        negotiation=Negotiation.objects.create(
            title="Other talks", slug="other-talks", started_on=dt.date(2025, 1, 1)
        ),
        sequence=1,
        title="Other round",
        start_date=dt.date(2025, 7, 1),
        end_date=dt.date(2025, 7, 1),
    )
    for status, round_, field in (("agreed", elsewhere, "round"), ("won", None, "status")):
        with pytest.raises(ValidationError) as refused:
            record_step(potatoes, status, round_, date=dt.date(2025, 7, 1))
        assert field in refused.value.message_dict
    assert potatoes.status_changes.count() == 2


def test_the_status_at_its_round_of_a_concession_raised_there_is_its_step_there(editor, demo):
    first = round_of(demo, 1)
    potatoes = Concession.objects.get(title=POTATOES)
    page_source = SourceFactory()
    response, data = opened(editor, first)
    index = row_index(response, "round_concessions", lambda c: c.pk == potatoes.pk)
    assert data[f"round_concessions-{index}-step_status"] == "requested"  # its step at round 1
    summary = "JPN → USA · 0701 · now Requested · at this round: Requested on 16 April 2025"
    assert summary in response.content.decode()
    data |= {
        "page_sources": [str(page_source.pk)],
        f"round_concessions-{index}-step_status": "offered",
        f"round_concessions-{index}-step_note": "Offered at once.",
        f"round_concessions-{index}-cite_page_sources": "on",
    }
    response = editor.post(change_url(first), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    step = potatoes.status_changes.get()  # the step at round 1, rewritten
    assert (step.status, step.round, step.changed_on) == ("offered", first, dt.date(2025, 4, 16))
    assert page_source in step.sources.all()
    assert page_source in potatoes.sources.all()
    potatoes.refresh_from_db()
    assert potatoes.status == "offered"


def test_a_step_that_breaks_a_model_rule_is_a_form_error_and_nothing_is_written(editor, demo):
    first = round_of(demo, 1)
    rice = Concession.objects.get(title="More imports of U.S. rice")  # agreed on 22 July at 8
    response, data = opened(editor, first)
    index = row_index(response, "round_concessions", lambda c: c.pk == rice.pk)
    steps_before = list(ConcessionStatusChange.objects.values_list("pk", "status", "changed_on"))
    data |= {
        "summary": "Not saved.",
        f"round_concessions-{index}-step_status": "agreed",
        f"round_concessions-{index}-step_date": "2025-07-22",
    }
    response = editor.post(change_url(first), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Changed on and Status already exists" in page
    assert ConcessionStatusChange.objects.count() == len(steps_before)
    assert sorted(ConcessionStatusChange.objects.values_list("pk", "status", "changed_on")) == (
        sorted(steps_before)
    )
    assert round_of(demo, 1).summary != "Not saved."


def test_a_step_of_another_negotiations_concession_is_a_form_error_on_the_concession(editor, demo):
    fifth = round_of(demo, 5)
    elsewhere = ConcessionFactory(giver=Economy.objects.get(iso3="JPN"), commodity=None)
    _, data = opened(editor, fifth)
    add_row(data, "concession_changes", concession=elsewhere.pk, status="offered")
    response = editor.post(change_url(fifth), data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"]
    steps = next(i.formset for i in errors if i.formset.prefix == "concession_changes")
    assert steps.forms[-1].errors == {"concession": ["This round belongs to another negotiation."]}
    assert not elsewhere.status_changes.exists()


def test_a_new_round_is_saved_with_new_concessions_their_steps_and_an_agreement(editor, demo):
    japan, usa = Economy.objects.get(iso3="JPN"), Economy.objects.get(iso3="USA")
    response = editor.get(reverse("admin:negotiations_round_add"))
    data = posted(response) | {
        "negotiation": demo.pk,
        "sequence": 9,
        "title": "Ninth round",
        "status": "held",
        "format": "virtual",
        "start_date": "2025-10-01",
        "end_date": "2025-10-02",
    }
    add_row(
        data,
        "concessions",
        giver=japan.pk,
        receiver=usa.pk,
        kind="purchase",
        title="More U.S. wheat",
        step_status="offered",
    )
    add_row(
        data,
        "agreements",
        kind="joint_statement",
        title="Joint statement of 2 October",
        announced_on="2025-10-02",
        parties=[str(japan.pk), str(usa.pk)],
    )
    response = editor.post(reverse("admin:negotiations_round_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    ninth = round_of(demo, 9)
    wheat = ninth.concessions.get()
    assert (wheat.title, wheat.negotiation, wheat.status) == ("More U.S. wheat", demo, "offered")
    step = wheat.status_changes.get()
    assert (step.round, step.changed_on) == (ninth, dt.date(2025, 10, 2))
    statement = ninth.agreements.get()
    assert (statement.negotiation, statement.kind) == (demo, "joint_statement")


def test_an_agreement_at_the_round_has_parties_of_the_negotiation_and_a_link_to_its_page(
    editor, demo
):
    eighth = round_of(demo, 8)
    outsider = Economy.objects.create(iso3="KOR", name="Korea")
    _, data = opened(editor, eighth)
    add_row(
        data,
        "agreements",
        kind="joint_statement",
        title="A joint statement",
        announced_on="2025-07-22",
        parties=[str(outsider.pk)],
    )
    response = editor.post(change_url(eighth), data)
    assert response.status_code == 200
    assert "KOR is not a party of the negotiation." in response.content.decode()
    assert not Agreement.objects.filter(title="A joint statement").exists()

    page = editor.get(change_url(eighth)).content.decode()
    for agreement in eighth.agreements.all():
        assert reverse("admin:negotiations_agreement_change", args=[agreement.pk]) in page


def test_the_pages_sources_go_to_the_ticked_rows_only(editor, demo):
    fifth = round_of(demo, 5)  # two encounters, on 5 and 6 June
    page_source = SourceFactory()
    response, data = opened(editor, fifth)
    ticked = row_index(response, "encounters", lambda e: e.date == dt.date(2025, 6, 5))
    data |= {"page_sources": [str(page_source.pk)], f"encounters-{ticked}-cite_page_sources": "on"}
    add_row(
        data,
        "statements",
        speaker=Person.objects.get(slug="ryosei-akazawa").pk,
        said_on="2025-06-06",
        quote="Not cited.",
    )
    response = editor.post(change_url(fifth), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    cited = {e.date: page_source in e.sources.all() for e in fifth.encounters.all()}
    assert cited == {dt.date(2025, 6, 5): True, dt.date(2025, 6, 6): False}
    assert not Statement.objects.get(quote="Not cited.").sources.exists()
    assert not fifth.sources.filter(pk=page_source.pk).exists()


def round_with(negotiation, sequence, rows):
    """A round of `negotiation` with `rows` of each kind of row its page shows."""
    day = dt.date(2025, 8, 1) + dt.timedelta(days=sequence)
    round_ = Round.objects.create(
        negotiation=negotiation,
        sequence=sequence,
        title=f"Round {sequence}",
        start_date=day,
        end_date=day,
    )
    japan, usa = Economy.objects.get(iso3="JPN"), Economy.objects.get(iso3="USA")
    sources = list(Source.objects.order_by("pk")[:2])
    akazawa = Person.objects.get(slug="ryosei-akazawa")
    earlier = list(negotiation.concessions.order_by("pk")[:rows])
    for number in range(rows):
        concession = Concession.objects.create(
            negotiation=negotiation,
            round=round_,
            giver=japan,
            receiver=usa,
            commodity_id="1006",
            kind="purchase",
            title=f"Concession {sequence}-{number}",
        )
        concession.sources.set(sources)
        step = ConcessionStatusChange.objects.create(
            concession=concession, changed_on=day, status="offered", round=round_
        )
        step.sources.set(sources)
        if number < len(earlier):
            moved = ConcessionStatusChange.objects.create(
                concession=earlier[number], changed_on=day, status="offered", round=round_
            )
            moved.sources.set(sources)
        statement = Statement.objects.create(
            round=round_, speaker=akazawa, said_on=day, quote=f"Remark {number}"
        )
        statement.sources.set(sources)
        encounter = Encounter.objects.create(round=round_, date=day)
        encounter.participants.set([akazawa])
        encounter.sources.set(sources)
        agreement = Agreement.objects.create(
            negotiation=negotiation,
            round=round_,
            kind="other",
            title=f"Act {number}",
            announced_on=day,
        )
        agreement.parties.set([japan, usa])
        agreement.sources.set(sources)
    return round_


def test_the_rounds_page_asks_as_many_queries_for_50_concessions_as_for_one(editor, demo):
    # 50 of each row: concessions raised there, steps of earlier concessions (the demo has
    # 13), statements, encounters and agreements.
    counts = {}
    for sequence, rows in ((21, 1), (22, 50)):
        round_ = round_with(Negotiation.objects.get(slug=SLUG), sequence, rows)
        editor.get(change_url(round_))  # the session and the templates, once
        with CaptureQueriesContext(connection) as queries:
            response = editor.get(change_url(round_))
        assert response.status_code == 200
        assert response.content.decode().count("round_concessions-") > rows
        counts[rows] = len(queries)
    assert counts[1] == counts[50], counts


def test_the_rounds_page_opens_with_its_lists_folded(editor, demo):
    page = editor.get(change_url(round_of(demo, 8))).content.decode()
    # Delegations, encounters, statements, concessions, steps, agreements and sources fold;
    # the list for new concessions stays open on its "Add another" link.
    assert page.count('<fieldset class="module collapse"') == 7
    assert 'id="concessions-group"' in page
