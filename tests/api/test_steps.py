"""Steps, not histories: a concession's status step, a measure's change and a measure's scope
line (with its annex) are each POSTed on their own under the parent. A step appends one row
and leaves the rest of the history as it was (the full nested write would replace it); it
passes the rules the full write passes; a stale If-Match on the parent is a 412."""

from typing import NamedTuple

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from core.models import DataVersion
from negotiations.models import Concession, ConcessionStatusChange
from tariffs.models import Measure, MeasureChange, ScopeLine

from ..factories import (
    ConcessionFactory,
    ConcessionStatusChangeFactory,
    MeasureChangeFactory,
    MeasureFactory,
    ScopeLineFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

# From the demo (negotiations/demo): two steps, under consideration on 16 April 2025 and
# agreed on 22 July 2025; five changes, the last struck down; two lines, 8703 and 8708.
RICE = "More imports of U.S. rice"
RECIPROCAL = "Reciprocal tariff on goods from Japan"
JAPAN_AUTOS = "Section 232 autos and parts: Japan's 15% all-in rate"


class Kind(NamedTuple):
    parent: type
    title: str
    path: str  # under the parent's detail
    model: type
    related_name: str
    nested: str  # the detail's field that lists the same rows
    body: dict
    bad_body: dict
    bad_field: str

    def parent_of(self):
        return self.parent.objects.get(title=self.title)

    def url(self, parent):
        return f"/api/v1/{self.parent._meta.verbose_name_plural}/{parent.pk}/{self.path}/"


KINDS = {
    "concession step": Kind(
        Concession,
        RICE,
        "steps",
        ConcessionStatusChange,
        "status_changes",
        "status_history",
        {"changed_on": "2025-09-04", "status": "implemented", "note": "By the order."},
        {"changed_on": "2025-09-04", "status": "signed"},
        "status",
    ),
    "measure change": Kind(
        Measure,
        RECIPROCAL,
        "changes",
        MeasureChange,
        "changes",
        "history",
        {
            "effective_on": "2025-12-01",
            "published_on": "2025-11-20",
            "status": "in_force",
            "form": "total",
            "ad_valorem_rate": "15",
        },
        # The model's rule: a specific amount needs its unit.
        {"effective_on": "2025-12-01", "status": "in_force", "specific_rate": "2.5"},
        "specific_unit",
    ),
    "scope line with its annex": Kind(
        Measure,
        JAPAN_AUTOS,
        "scope-lines",
        ScopeLine,
        "scope_lines",
        "scope",
        {"code": "870324", "excluded": True, "annex": "Annex II", "effective_from": "2025-10-01"},
        # The model's rule: a line ends after it starts.
        {"code": "870324", "effective_from": "2025-10-01", "effective_to": "2025-09-01"},
        "effective_to",
    ),
}


@pytest.fixture(params=KINDS.values(), ids=KINDS.keys())
def kind(request):
    return request.param


def rows(kind, parent):
    """Every row of the parent's history, with every stored value, by id."""
    return {row.pk: model_to_dict(row) for row in getattr(parent, kind.related_name).all()}


def detail(client, parent):
    return client.get(f"/api/v1/{parent._meta.verbose_name_plural}/{parent.pk}/")


def test_a_step_appends_one_row_and_leaves_the_rest_untouched(kind, editor_api, demo):
    parent = kind.parent_of()
    before = rows(kind, parent)
    assert before
    history_before = kind.model.history.count()
    version_before = DataVersion.latest()
    etag = detail(editor_api, parent)["ETag"]

    response = editor_api.post(kind.url(parent), kind.body, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 201, response.content
    after = rows(kind, parent)
    (added,) = set(after) - set(before)
    assert {pk: after[pk] for pk in before} == before
    assert len(after) == len(before) + 1
    # The new row, its history record (by whom) and the data version, as for other writes.
    record = kind.model.history.get(id=added)
    assert (record.history_type, record.history_user.username) == ("+", "editor")
    assert kind.model.history.count() == history_before + 1
    assert DataVersion.latest() > version_before
    # The 201 answers the step, the parent's address and its new ETag, the one a GET gives.
    assert {key: response.json()[key] for key in kind.body} == read_back(kind.body)
    fresh = detail(editor_api, parent)
    assert response["ETag"] == fresh["ETag"] != etag
    assert response["Location"] == fresh.wsgi_request.build_absolute_uri()


def read_back(body):
    """A body as the API answers it: rates with their three decimals."""
    return {
        key: f"{value}.000" if key == "ad_valorem_rate" else value for key, value in body.items()
    }


def test_steps_chain_on_the_etag_each_answers(kind, editor_api, demo):
    parent = kind.parent_of()
    first = editor_api.post(
        kind.url(parent), kind.body, format="json", HTTP_IF_MATCH=detail(editor_api, parent)["ETag"]
    )
    assert first.status_code == 201, first.content
    second_body = next_body(kind)
    second = editor_api.post(
        kind.url(parent), second_body, format="json", HTTP_IF_MATCH=first["ETag"]
    )
    assert second.status_code == 201, second.content
    # The first ETag is stale now.
    third = editor_api.post(kind.url(parent), kind.body, format="json", HTTP_IF_MATCH=first["ETag"])
    assert third.status_code == 412


def next_body(kind):
    """Another step of the kind, one that conflicts with no row."""
    date_field = next(
        key for key in kind.body if key in ("changed_on", "effective_on", "effective_from")
    )
    return kind.body | {date_field: "2026-01-05"}


def test_a_stale_if_match_is_412_and_writes_nothing(kind, editor_api, demo):
    parent = kind.parent_of()
    old = detail(editor_api, parent)["ETag"]
    # Another editor changes the parent meanwhile, with a PATCH of the detail.
    changed = editor_api.patch(
        f"/api/v1/{parent._meta.verbose_name_plural}/{parent.pk}/",
        {"description": "Changed by another editor."},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    before = rows(kind, parent)
    history_before = kind.model.history.count()

    response = editor_api.post(kind.url(parent), kind.body, format="json", HTTP_IF_MATCH=old)

    assert response.status_code == 412
    assert response["ETag"] == changed["ETag"] == detail(editor_api, parent)["ETag"]
    assert "changed since you read it" in response.json()["detail"]
    assert rows(kind, parent) == before
    assert kind.model.history.count() == history_before


def test_a_bad_step_is_400_naming_the_field_and_writes_nothing(kind, editor_api, demo):
    parent = kind.parent_of()
    before = rows(kind, parent)
    etag = detail(editor_api, parent)["ETag"]

    response = editor_api.post(kind.url(parent), kind.bad_body, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 400, response.content
    assert kind.bad_field in response.json()
    assert rows(kind, parent) == before
    assert detail(editor_api, parent)["ETag"] == etag


def test_a_step_that_repeats_one_already_there_is_a_400(kind, editor_api, demo):
    """The model's unique constraints count the rows already there: a 400, not a 409."""
    parent = kind.parent_of()
    editor_api.post(kind.url(parent), kind.body, format="json")
    before = rows(kind, parent)
    response = editor_api.post(kind.url(parent), kind.body, format="json")
    assert response.status_code == 400, response.content
    (message,) = response.json()["non_field_errors"]
    assert message.startswith("This measure") or "already" in message, message
    assert "onstraint" not in message  # says why, not which database constraint
    assert rows(kind, parent) == before


def test_anonymous_clients_and_readers_may_not_add_a_step(kind, api, analyst_api, demo):
    parent = kind.parent_of()
    before = rows(kind, parent)
    assert api.post(kind.url(parent), kind.body, format="json").status_code == 401
    assert analyst_api.post(kind.url(parent), kind.body, format="json").status_code == 403
    assert rows(kind, parent) == before
    # Both may read the steps.
    assert api.get(kind.url(parent)).status_code == 200
    assert analyst_api.get(kind.url(parent)).status_code == 200


def test_a_step_under_no_such_parent_is_a_404(kind, editor_api, demo):
    missing = kind.parent(pk=10**6)
    assert editor_api.post(kind.url(missing), kind.body, format="json").status_code == 404
    assert editor_api.get(kind.url(missing)).status_code == 404


def test_the_list_gives_the_steps_in_the_details_order(kind, api, editor_api, demo):
    parent = kind.parent_of()
    editor_api.post(kind.url(parent), next_body(kind), format="json")
    listed = api.get(kind.url(parent))
    assert listed.status_code == 200
    nested = detail(api, parent).json()[kind.nested]
    assert listed.json() == nested
    assert len(nested) == len(rows(kind, parent))


@pytest.mark.django_db
def test_a_setting_can_require_if_match_on_a_step(kind, editor_api, demo, settings):
    settings.API_REQUIRE_IF_MATCH = True
    parent = kind.parent_of()
    before = rows(kind, parent)
    refused = editor_api.post(kind.url(parent), kind.body, format="json")
    assert refused.status_code == 428
    assert rows(kind, parent) == before
    etag = detail(editor_api, parent)["ETag"]
    passed = editor_api.post(kind.url(parent), kind.body, format="json", HTTP_IF_MATCH=etag)
    assert passed.status_code == 201


def test_a_concessions_status_follows_its_latest_step(editor_api, demo):
    rice = Concession.objects.get(title=RICE)
    assert rice.status == Concession.Status.AGREED
    url = KINDS["concession step"].url(rice)
    # A step dated before the latest one leaves the status to the latest.
    earlier = editor_api.post(url, {"changed_on": "2025-05-01", "status": "offered"}, format="json")
    assert earlier.status_code == 201, earlier.content
    rice.refresh_from_db()
    assert rice.status == Concession.Status.AGREED
    later = editor_api.post(
        url, {"changed_on": "2025-09-04", "status": "implemented"}, format="json"
    )
    assert later.status_code == 201
    rice.refresh_from_db()
    assert rice.status == Concession.Status.IMPLEMENTED
    assert detail(editor_api, rice).json()["status"] == "implemented"


# The list's queries, the same for one step as for twenty.
def concession_with(count):
    concession = ConcessionFactory()
    source = SourceFactory()
    for day in range(1, count + 1):
        ConcessionStatusChangeFactory(
            concession=concession, changed_on=f"2025-05-{day:02d}"
        ).sources.set([source])
    return concession


def measure_with_changes(count):
    measure = MeasureFactory()
    source = SourceFactory()
    for day in range(1, count + 1):
        MeasureChangeFactory(measure=measure, effective_on=f"2025-05-{day:02d}").sources.set(
            [source]
        )
    return measure


def measure_with_scope(count):
    measure = MeasureFactory()
    for day in range(1, count + 1):
        ScopeLineFactory(measure=measure, effective_from=f"2025-05-{day:02d}")
    return measure


@pytest.mark.parametrize(
    ("path", "make"),
    [
        ("concessions/{}/steps", concession_with),
        ("measures/{}/changes", measure_with_changes),
        ("measures/{}/scope-lines", measure_with_scope),
    ],
)
def test_the_list_runs_as_many_queries_for_twenty_steps_as_for_one(api, path, make):
    counts = []
    for count in (1, 20):
        url = f"/api/v1/{path.format(make(count).pk)}/"
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url)
        assert len(response.json()) == count
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_schema_declares_each_step_with_its_if_match_answers(api, db, settings):
    settings.API_REQUIRE_IF_MATCH = True
    paths = api.get("/api/v1/schema/", {"format": "json"}).json()["paths"]
    for kind in KINDS.values():
        operations = paths[f"/api/v1/{kind.parent._meta.verbose_name_plural}/{{id}}/{kind.path}/"]
        post = operations["post"]
        assert {"201", "412", "428"} <= set(post["responses"])
        assert set(post["responses"]["201"]["headers"]) == {"ETag", "Location"}
        assert "If-Match" in [parameter["name"] for parameter in post["parameters"]]
        listed = operations["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert listed["type"] == "array"
