"""Federal Register: recent tariff documents become pending updates, never measure changes."""

import datetime as dt

import pytest

from tariffs.federal_register import FederalRegisterConnector, NoticeQuery
from tariffs.models import MeasureChange, PendingUpdate
from tariffs.notices import refresh_notices
from tests.factories import MeasureFactory, UserFactory

from .conftest import FEDERAL_REGISTER, Params, recorded

pytestmark = pytest.mark.django_db

SINCE_MARCH = NoticeQuery(since=dt.date(2025, 3, 1))


def serve_two_pages(sources):
    sources.expect_request(FEDERAL_REGISTER, query_string=Params(page=2)).respond_with_data(
        recorded("federal_register/page_2.json")
    )
    sources.expect_request(FEDERAL_REGISTER).respond_with_data(
        recorded("federal_register/page_1.json")
    )


def refresh(query=SINCE_MARCH):
    return refresh_notices(FederalRegisterConnector.from_settings(), query)


def stored_updates():
    return list(
        PendingUpdate.objects.order_by("-publication_date").values_list(
            "document_number",
            "title",
            "document_type",
            "publication_date",
            "url",
            "abstract",
            "status",
            "measure",
        )
    )


def test_every_document_of_every_page_becomes_a_new_pending_update(sources, db):
    serve_two_pages(sources)
    run = refresh()
    assert (run.status, run.rows_inserted, run.source) == ("succeeded", 3, "federal_register")
    assert stored_updates() == [
        (
            "2025-90107",
            "Modifying Reciprocal Tariff Rates To Reflect Trading Partner Retaliation and "
            "Alignment",
            "Presidential Document",
            dt.date(2025, 4, 15),
            "https://www.federalregister.gov/documents/2025/04/15/2025-90107/modifying-"
            "reciprocal-tariff-rates-to-reflect-trading-partner-retaliation-and-alignment",
            "",
            "new",
            None,
        ),
        (
            "2025-90093",
            "Regulating Imports With a Reciprocal Tariff To Rectify Trade Practices That "
            "Contribute to Large and Persistent Annual United States Goods Trade Deficits",
            "Presidential Document",
            dt.date(2025, 4, 7),
            "https://www.federalregister.gov/documents/2025/04/07/2025-90093/regulating-"
            "imports-with-a-reciprocal-tariff",
            "",
            "new",
            None,
        ),
        (
            "2025-90058",
            "Notice of Implementation of Additional Duties on Imports of Automobiles and "
            "Automobile Parts",
            "Notice",
            dt.date(2025, 4, 3),
            "https://www.federalregister.gov/documents/2025/04/03/2025-90058/notice-of-"
            "implementation-of-additional-duties-on-automobiles",
            "This notice sets out the modifications to the Harmonized Tariff Schedule of the "
            "United States needed to implement the additional duties on automobiles and "
            "automobile parts.",
            "new",
            None,
        ),
    ]


def test_the_first_request_asks_for_recent_presidential_documents_and_notices(sources, db):
    serve_two_pages(sources)
    refresh()
    first = sources.log[0][0]
    assert first.args.getlist("conditions[type][]") == ["PRESDOCU", "NOTICE"]
    assert first.args["conditions[term]"] == "tariff"
    assert first.args["conditions[publication_date][gte]"] == "2025-03-01"
    assert first.args.getlist("fields[]") == [
        "document_number",
        "title",
        "type",
        "publication_date",
        "html_url",
        "abstract",
    ]


def test_the_next_page_is_asked_of_the_configured_server_not_the_one_the_answer_names(sources, db):
    # The recorded next_page_url names www.federalregister.gov; only its query is followed.
    serve_two_pages(sources)
    refresh()
    assert [request.args.get("page") for request, _ in sources.log] == [None, "2"]
    assert {request.host for request, _ in sources.log} == {sources.url_for("/").split("/")[2]}


def test_a_document_already_known_is_left_as_the_editor_left_it(sources, db):
    measure = MeasureFactory()
    editor = UserFactory()
    PendingUpdate.objects.create(
        document_number="2025-90058",
        title="Earlier title",
        document_type="Notice",
        publication_date=dt.date(2025, 4, 3),
        url="https://www.federalregister.gov/d/2025-90058",
        status=PendingUpdate.Status.LINKED,
        measure=measure,
        reviewed_by=editor,
        reviewed_at=dt.datetime(2025, 4, 4, tzinfo=dt.UTC),
        fetched_at=dt.datetime(2025, 4, 3, tzinfo=dt.UTC),
    )
    serve_two_pages(sources)
    run = refresh()
    known = PendingUpdate.objects.get(document_number="2025-90058")
    assert (known.title, known.status, known.measure, known.reviewed_by) == (
        "Earlier title",
        "linked",
        measure,
        editor,
    )
    assert (run.rows_inserted, run.rows_unchanged) == (2, 1)


def test_the_same_refresh_twice_adds_nothing_the_second_time(sources, db):
    serve_two_pages(sources)
    refresh()
    again = refresh()
    assert (again.rows_inserted, again.rows_unchanged, PendingUpdate.objects.count()) == (0, 3, 3)


def test_a_pending_update_never_changes_a_measure(sources, db):
    measure = MeasureFactory()
    serve_two_pages(sources)
    refresh()
    assert not MeasureChange.objects.exists()
    assert not measure.pending_updates.exists()


def test_no_matching_document_is_a_successful_run_with_nothing_added(sources, db):
    sources.expect_request(FEDERAL_REGISTER).respond_with_data(
        recorded("federal_register/empty.json")
    )
    run = refresh()
    assert (run.status, run.rows_inserted, PendingUpdate.objects.count()) == ("succeeded", 0, 0)


def test_a_malformed_second_page_adds_nothing_from_the_first(sources, db):
    sources.expect_request(FEDERAL_REGISTER, query_string=Params(page=2)).respond_with_data(
        recorded("federal_register/malformed.json")
    )
    sources.expect_request(FEDERAL_REGISTER).respond_with_data(
        recorded("federal_register/page_1.json")
    )
    run = refresh()
    assert run.status == "failed" and "malformed JSON" in run.error
    assert PendingUpdate.objects.count() == 0


def test_paging_stops_at_the_page_limit(sources, db, settings):
    settings.FEDERAL_REGISTER_MAX_PAGES = 1
    serve_two_pages(sources)
    run = refresh()
    assert (run.status, run.rows_inserted, len(sources.log)) == ("succeeded", 2, 1)
