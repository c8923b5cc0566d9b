"""An API read opens no transaction; a write is one (core.api.viewsets.ReadsOutsideTransactions).

Run outside the test's own transaction (`transaction=True`), as the site serves: each query
records whether it ran inside an atomic block.
"""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from commodities.models import TradeFlow
from core.groups import EDITOR

from ..factories import CommodityFactory, EconomyFactory, TradeFlowFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

FLOW = {
    "source": "illustrative",
    "reporter": "USA",
    "partner": "JPN",
    "commodity": "870323",
    "year": 2023,
    "month": 0,
    "flow": "M",
    "value_usd": "1.00",
    "fetched_at": "2025-01-01T00:00:00Z",
}


# Statements that open or close a transaction: SQLite's BEGIN runs just before the block
# counts as open.
CONTROL = {"BEGIN", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK"}


def in_transaction(seen):
    return [atomic for word, atomic in seen if word not in CONTROL]


class Queries:
    """(first word of the SQL, inside an atomic block?) of each query run."""

    def __init__(self):
        self.seen = []

    def __call__(self, execute, sql, params, many, context):
        self.seen.append((sql.split(None, 1)[0].upper(), connection.in_atomic_block))
        return execute(sql, params, many, context)


@pytest.fixture
def editor():
    EconomyFactory(iso3="USA", name="United States")
    EconomyFactory(iso3="JPN", name="Japan")
    CommodityFactory(code="870323")
    client = APIClient()
    client.force_authenticate(UserFactory(username="editor", groups=[EDITOR]))
    return client


def run(call):
    queries = Queries()
    with connection.execute_wrapper(queries):
        response = call()
    return response, queries.seen


def test_a_list_and_a_detail_read_outside_any_transaction(editor):
    flow = TradeFlowFactory()
    listed, seen_list = run(lambda: editor.get("/api/v1/trade-flows/"))
    detail, seen_detail = run(lambda: editor.get(f"/api/v1/trade-flows/{flow.pk}/"))
    assert listed.status_code == 200 and listed.json()["results"][0]["id"] == flow.pk
    assert detail.status_code == 200 and detail.json()["id"] == flow.pk
    for seen in (seen_list, seen_detail):
        assert seen, "the read ran no query"
        assert [atomic for _, atomic in seen] == [False] * len(seen)
        assert not {word for word, _ in seen} & CONTROL


def test_a_write_is_one_transaction(editor):
    created, seen = run(lambda: editor.post("/api/v1/trade-flows/", FLOW, format="json"))
    assert created.status_code == 201, created.json()
    written = [atomic for word, atomic in seen if word in ("INSERT", "UPDATE", "DELETE")]
    assert written, "the write wrote nothing"
    assert all(in_transaction(seen))
    pk = created.json()["id"]
    changed, seen = run(
        lambda: editor.patch(f"/api/v1/trade-flows/{pk}/", {"value_usd": "2.00"}, format="json")
    )
    assert changed.status_code == 200 and changed.json()["value_usd"] == "2.00"
    assert in_transaction(seen) and all(in_transaction(seen))
    deleted, seen = run(lambda: editor.delete(f"/api/v1/trade-flows/{pk}/"))
    assert deleted.status_code == 204
    assert in_transaction(seen) and all(in_transaction(seen))
    assert not TradeFlow.objects.filter(pk=pk).exists()


def test_a_refused_read_leaves_the_connection_usable(editor):
    # DRF marks the request's transaction for rollback on an error answer: a read has none.
    TradeFlowFactory()
    refused, seen = run(lambda: editor.get("/api/v1/trade-flows/?hs=xx"))
    assert refused.status_code == 400 and "hs" in refused.json()
    assert not any(atomic for _, atomic in seen)
    assert not connection.in_atomic_block and not connection.needs_rollback
    assert len(editor.get("/api/v1/trade-flows/").json()["results"]) == 1
