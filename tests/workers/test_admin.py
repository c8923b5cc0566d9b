"""The admin: refresh a negotiation now, see every run, review pending updates."""

import datetime as dt
import time

import pytest
from django.urls import reverse

from commodities.models import RefreshRun
from core.groups import ANALYST, EDITOR
from tariffs.models import PendingUpdate
from tests.factories import (
    CommodityFactory,
    ConcessionFactory,
    MeasureFactory,
    NegotiationFactory,
    UserFactory,
)

from .conftest import CENSUS_EXPORTS, CENSUS_IMPORTS, COMTRADE_ANNUAL, recorded, respond, slow

pytestmark = pytest.mark.django_db

NEGOTIATIONS = reverse("admin:negotiations_negotiation_changelist")
RUNS = reverse("admin:commodities_refreshrun_changelist")
START_RUN = reverse("admin:commodities_refreshrun_add")


@pytest.fixture
def editor(client):
    user = UserFactory(username="editor", is_staff=True, groups=[EDITOR])
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def analyst(client):
    client.force_login(UserFactory(username="analyst", is_staff=True, groups=[ANALYST]))
    return client


@pytest.fixture
def talks(parties, sources, settings):
    """A negotiation on cars between the two parties, and sources that answer it."""
    settings.TRADE_REFRESH_YEARS = 1
    negotiation = NegotiationFactory(title="Car talks")
    negotiation.parties.set(parties)
    ConcessionFactory(negotiation=negotiation, commodity=CommodityFactory(code="870323"))
    sources.expect_request(COMTRADE_ANNUAL).respond_with_data(recorded("comtrade/empty.json"))
    sources.expect_request(CENSUS_IMPORTS).respond_with_data("", status=204)
    sources.expect_request(CENSUS_EXPORTS).respond_with_data("", status=204)
    return negotiation


def refresh_action(negotiation):
    return {"action": "refresh_trade_data_now", "_selected_action": [negotiation.pk]}


def finished_in_the_background(timeout=30.0):
    """Wait for what the request started in a thread (without a broker) to end."""
    from core.background import running

    deadline = time.monotonic() + timeout
    for thread in running():
        thread.join(max(0.0, deadline - time.monotonic()))
    assert not running(), "the background refresh did not finish"


STARTED = (
    "started in the background (no task queue: REDIS_URL is not set); its runs appear under "
    "Refresh runs as they finish."
)


# The refresh runs in a thread of its own, with a connection of its own, after the request's
# transaction has committed: the tests commit as a request does.
@pytest.mark.django_db(transaction=True)
def test_an_editor_refreshes_a_negotiations_trade_data_now(editor, talks):
    response = editor.post(NEGOTIATIONS, refresh_action(talks), follow=True)
    assert f"Car talks: trade-data refresh {STARTED}" in response.content.decode()
    finished_in_the_background()
    assert RefreshRun.objects.filter(negotiations=talks, status="succeeded").count() == 3


@pytest.mark.django_db(transaction=True)
def test_without_redis_the_request_answers_at_once_and_the_refresh_happens_after(
    editor, talks, sources, settings
):
    """A source that takes 3 s to answer (the admin's refresh used to wait for it, and for
    every retry, inside the request): the request answers within a second."""
    settings.CONNECTOR_READ_TIMEOUT = 10.0
    sources.clear_all_handlers()
    sources.expect_request(COMTRADE_ANNUAL).respond_with_handler(
        slow(3.0, respond(recorded("comtrade/empty.json")))
    )
    sources.expect_request(CENSUS_IMPORTS).respond_with_data("", status=204)
    sources.expect_request(CENSUS_EXPORTS).respond_with_data("", status=204)
    started = time.monotonic()
    response = editor.post(NEGOTIATIONS, refresh_action(talks))
    assert time.monotonic() - started < 1.0
    assert response.status_code == 302
    runs = RefreshRun.objects.filter(negotiations=talks)
    assert not runs.filter(source="comtrade", status="succeeded").exists()  # still waiting
    finished_in_the_background()
    assert sorted(runs.values_list("source", "status")) == [
        ("census", "succeeded"),
        ("comtrade", "succeeded"),
        ("comtrade", "succeeded"),
    ]


def test_an_analyst_cannot_start_a_refresh(analyst, talks):
    analyst.post(NEGOTIATIONS, refresh_action(talks))
    assert not RefreshRun.objects.exists()


def test_the_runs_are_listed_with_their_outcome(editor, db):
    RefreshRun.objects.create(
        source="census",
        series="census:USA:JPN",
        status="failed",
        started_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC),
        finished_at=dt.datetime(2025, 5, 1, 0, 1, tzinfo=dt.UTC),
        error="US Census Bureau failed after 5 attempts: HTTP 503",
    )
    page = editor.get(RUNS).content.decode()
    assert "census:USA:JPN" in page
    assert "US Census Bureau failed after 5 attempts: HTTP 503" in page


def test_a_run_is_shown_but_cannot_be_edited(editor, db):
    run = RefreshRun.objects.create(
        source="comtrade",
        series="comtrade:USA:JPN",
        status="running",
        started_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC),
    )
    page = editor.get(reverse("admin:commodities_refreshrun_change", args=[run.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_adding_a_run_starts_a_refresh_of_the_chosen_negotiation(editor, talks):
    response = editor.post(START_RUN, {"negotiation": talks.pk})
    assert response.status_code == 302 and response["Location"] == RUNS
    finished_in_the_background()
    assert RefreshRun.objects.filter(negotiations=talks).count() == 3


def test_the_start_form_asks_for_something_to_refresh(editor, db):
    response = editor.post(START_RUN, {})
    assert response.status_code == 200
    assert "Choose a negotiation, tariff notices, or both." in response.content.decode()
    assert not RefreshRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_start_form_can_fetch_tariff_notices(editor, sources):
    sources.expect_request("/federal-register/documents.json").respond_with_data(
        recorded("federal_register/single_page.json")
    )
    response = editor.post(START_RUN, {"tariff_notices": "on"}, follow=True)
    assert "Tariff notices: refresh started in the background" in response.content.decode()
    finished_in_the_background()
    assert PendingUpdate.objects.count() == 1


@pytest.fixture
def notice(db):
    return PendingUpdate.objects.create(
        document_number="2025-90058",
        title="Notice of Implementation of Additional Duties on Imports of Automobiles",
        document_type="Notice",
        publication_date=dt.date(2025, 4, 3),
        url="https://www.federalregister.gov/d/2025-90058",
        fetched_at=dt.datetime(2025, 4, 3, tzinfo=dt.UTC),
    )


def change_notice(client, notice, **data):
    url = reverse("admin:tariffs_pendingupdate_change", args=[notice.pk])
    return client.post(url, {"status": notice.status, "measure": "", **data})


def test_an_editor_links_a_pending_update_to_its_measure(editor, notice):
    measure = MeasureFactory(title="Section 232 duty on imported automobiles")
    response = change_notice(editor, notice, measure=measure.pk)
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.status, notice.measure, notice.reviewed_by) == ("linked", measure, editor.user)
    assert notice.reviewed_at is not None


def test_linking_needs_a_measure(editor, notice):
    response = change_notice(editor, notice, status="linked")
    assert response.status_code == 200
    assert "Choose the measure this document concerns." in response.content.decode()
    notice.refresh_from_db()
    assert notice.status == "new"


def test_a_fetched_documents_text_cannot_be_edited(editor, notice):
    change_notice(editor, notice, status="dismissed", title="Something else")
    notice.refresh_from_db()
    assert (notice.status, notice.title) == (
        "dismissed",
        "Notice of Implementation of Additional Duties on Imports of Automobiles",
    )


def test_an_editor_dismisses_pending_updates_in_bulk(editor, notice):
    editor.post(
        reverse("admin:tariffs_pendingupdate_changelist"),
        {"action": "dismiss", "_selected_action": [notice.pk]},
    )
    notice.refresh_from_db()
    assert (notice.status, notice.reviewed_by) == ("dismissed", editor.user)
