"""A list whose client already holds the current answer gets its 304 before any row is read:
one query, for the data's version. The answer's ETag moves with the data, the day, who asks
and the form asked for."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from core.models import DataVersion

pytestmark = pytest.mark.django_db

LIST = "/api/v1/measures/?page_size=5"


def test_a_current_copy_is_answered_304_for_one_query(api, demo):
    first = api.get(LIST)
    assert first.status_code == 200 and first["ETag"].startswith('W/"')
    with CaptureQueriesContext(connection) as queries:
        again = api.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.content) == (304, b"")
    # The request's own transaction aside (a savepoint in a test), one read: the version.
    read = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    assert len(read) == 1 and "core_dataversion" in read[0]


def test_a_change_to_the_data_gives_the_new_list(api, editor_api, demo):
    first = api.get(LIST)
    DataVersion.bump()
    again = api.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]
    assert again.json() == first.json()


def test_the_etag_moves_with_the_form_asked_for_and_who_asks(api, editor_api, demo):
    as_json = api.get(LIST, HTTP_ACCEPT="application/json")
    as_csv = api.get(LIST, HTTP_ACCEPT="text/csv")
    assert as_csv["Content-Type"].startswith("text/csv")
    assert as_json["ETag"] != as_csv["ETag"]
    assert (
        api.get(LIST, HTTP_IF_NONE_MATCH=as_json["ETag"], HTTP_ACCEPT="text/csv").status_code == 200
    )
    assert editor_api.get(LIST)["ETag"] != api.get(LIST)["ETag"]


def test_a_new_day_gives_a_new_answer_to_the_same_data(api, demo):
    today = dt.date.today()
    with time_machine.travel(dt.datetime.combine(today, dt.time(12)), tick=False):
        first = api.get(LIST)
    with time_machine.travel(
        dt.datetime.combine(today + dt.timedelta(days=1), dt.time(1)), tick=False
    ):
        again = api.get(
            LIST, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        )
        assert again.status_code == 200
        # Last-Modified is the day's start when the data are older than the day.
        start = dt.datetime.combine(today + dt.timedelta(days=1), dt.time())
        assert again["Last-Modified"] == http_date(start.timestamp())


@pytest.mark.parametrize("page", ["negotiation", "measures"])
def test_a_page_is_answered_304_before_it_is_read(client, demo, page):
    url = demo.get_absolute_url() if page == "negotiation" else "/measures/?page=1"
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert len(queries) == 1 and "core_dataversion" in queries[0]["sql"]
    DataVersion.bump()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
