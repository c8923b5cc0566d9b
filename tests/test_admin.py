"""The admin serves Editors, who enter talk outcomes, and lets Analysts look only."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse

from core.groups import ANALYST, EDITOR
from negotiations.models import Round

from .demo_data import copy_demo
from .factories import ConcessionFactory, RoundFactory, UserFactory

pytestmark = pytest.mark.django_db

DOMAIN_MODELS = sorted(
    (
        model
        for model in admin.site._registry
        if model._meta.app_label in {"negotiations", "tariffs", "commodities"}
    ),
    key=lambda model: model._meta.label,
)


# The schedule is imported by `import_schedule` and read in the admin, never typed in.
IMPORTED = {"tariffs.ScheduleRevision", "tariffs.NationalLine", "tariffs.Chapter99Heading"}
ENTERED_MODELS = [model for model in DOMAIN_MODELS if model._meta.label not in IMPORTED]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(username="editor", is_staff=True, groups=[EDITOR]))
    return client


@pytest.fixture
def analyst(client):
    client.force_login(UserFactory(username="analyst", is_staff=True, groups=[ANALYST]))
    return client


@pytest.fixture
def demo_data():
    copy_demo()


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_an_editor_sees_every_changelist(editor, demo_data, model):
    assert editor.get(admin_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", ENTERED_MODELS, ids=lambda m: m._meta.label)
def test_an_editor_can_open_every_add_page(editor, model):
    assert editor.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("label", sorted(IMPORTED))
def test_nobody_types_in_the_schedule(editor, label):
    model = next(model for model in DOMAIN_MODELS if model._meta.label == label)
    assert editor.get(admin_url(model, "add")).status_code == 403


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_an_analyst_can_read_every_changelist(analyst, demo_data, model):
    assert analyst.get(admin_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_an_analyst_is_refused_every_add_page(analyst, model):
    assert analyst.get(admin_url(model, "add")).status_code == 403


def test_an_analyst_cannot_change_a_round(analyst):
    round_ = RoundFactory(title="Before")
    response = analyst.post(admin_url(Round, "change", round_.pk), {"title": "After"})
    round_.refresh_from_db()
    assert (response.status_code, round_.title) == (403, "Before")


def test_an_analyst_cannot_delete_a_round(analyst):
    round_ = RoundFactory()
    response = analyst.post(admin_url(Round, "delete", round_.pk), {"post": "yes"})
    assert response.status_code == 403
    assert Round.objects.filter(pk=round_.pk).exists()


ROUND_INLINES = (
    "delegations",
    "encounters",
    "statements",
    "round_concessions",
    "concessions",
    "concession_changes",
    "agreements",
    "Round_sources",
)


def test_a_rounds_page_holds_its_delegations_encounters_statements_concessions_and_sources(
    editor, demo_data
):
    first = Round.objects.get(sequence=1)
    page = editor.get(admin_url(Round, "change", first.pk)).content.decode()
    for prefix in ROUND_INLINES:
        assert f'name="{prefix}-TOTAL_FORMS"' in page, prefix


def round_form(round_, **changes):
    data = {
        "negotiation": round_.negotiation_id,
        "sequence": round_.sequence,
        "title": round_.title,
        "status": round_.status,
        "start_date": round_.start_date.isoformat(),
        "end_date": round_.end_date.isoformat(),
        "city": round_.city,
        "format": round_.format,
        "summary": "",
        "outcome": "",
        "next_steps": "",
    }
    for prefix in ROUND_INLINES:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | changes


def test_an_admin_edit_leaves_a_history_row_with_who_changed_what(editor):
    round_ = RoundFactory(outcome="")
    response = editor.post(
        admin_url(Round, "change", round_.pk), round_form(round_, outcome="Agreed to meet again.")
    )
    assert response.status_code == 302
    latest = round_.history.latest()
    assert (latest.history_type, latest.history_user.username, latest.outcome) == (
        "~",
        "editor",
        "Agreed to meet again.",
    )
    delta = latest.diff_against(latest.prev_record)
    assert [change.field for change in delta.changes] == ["outcome"]


class HistoryTable(HTMLParser):
    """The rows of an admin history page's table, each a {heading: cell text}."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.headings, self.rows = [], []
        self.cells = self.text = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == "change-history":
            self.inside = True
        elif self.inside and tag == "tr":
            self.cells = []
        elif self.inside and tag in ("th", "td"):
            self.text = []

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "table":
            self.inside = False
        elif tag in ("th", "td"):
            self.cells.append(" ".join("".join(self.text).split()))
            self.text = None
        elif tag == "tr" and not self.headings:
            self.headings = self.cells
        elif tag == "tr":
            self.rows.append(dict(zip(self.headings, self.cells, strict=True)))

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)


def history_rows(page):
    table = HistoryTable()
    table.feed(page)
    table.close()
    return table.rows


def test_the_history_is_visible_in_the_admin(editor):
    round_ = RoundFactory()
    response = editor.post(
        admin_url(Round, "change", round_.pk), round_form(round_, outcome="Progress.")
    )
    assert response.status_code == 302
    page = editor.get(admin_url(Round, "history", round_.pk)).content.decode()
    assert "editor" in page and "Changed" in page
    # Newest first: the edit, by the editor, of the outcome; then the creation, by no one.
    shown = ("Object", "Comment", "Changed by", "Change reason", "Changes")
    assert [{name: row[name] for name in shown} for row in history_rows(page)] == [
        {
            "Object": str(round_),
            "Comment": "Changed",
            "Changed by": "editor",
            "Change reason": "None",
            "Changes": "Outcome: → Progress.",
        },
        {
            "Object": str(round_),
            "Comment": "Created",
            "Changed by": "None",
            "Change reason": "None",
            "Changes": "",
        },
    ]


def test_a_bad_round_in_the_admin_is_a_form_error_and_nothing_is_saved(editor):
    round_ = RoundFactory(title="Before")
    response = editor.post(
        admin_url(Round, "change", round_.pk),
        round_form(round_, title="After", end_date="2025-01-01"),
    )
    round_.refresh_from_db()
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert round_.title == "Before"


def test_a_concession_entered_on_a_rounds_page_belongs_to_its_negotiation(editor):
    existing = ConcessionFactory()
    round_ = RoundFactory(negotiation=existing.negotiation)
    data = round_form(round_) | {
        "concessions-TOTAL_FORMS": 1,
        "concessions-0-giver": existing.giver_id,
        "concessions-0-receiver": existing.receiver_id,
        "concessions-0-commodity": existing.commodity_id,
        "concessions-0-kind": "tariff_cut",
        "concessions-0-title": "Lower duty on rice",
    }
    response = editor.post(admin_url(Round, "change", round_.pk), data)
    assert response.status_code == 302
    added = round_.concessions.get(title="Lower duty on rice")
    assert added.negotiation == round_.negotiation
