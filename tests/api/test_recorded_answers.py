"""The API's answers on the demo are the ones recorded before any change made for speed."""

import pytest

from .recorded_answers import REQUESTS, differences, load, save


@pytest.fixture
def record(request):
    return request.config.getoption("--record-answers")


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_the_answer_is_the_recorded_one_field_by_field(postgres, api, demo, record, name):
    # Recorded on PostgreSQL, whose collation orders text (publishers, titles) as SQLite does not.
    response = api.get(REQUESTS[name], HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content[:300]
    answer = response.json()
    if record:
        save(name, answer)
    found = differences(load(name), answer)
    assert not found, "\n".join(found[:40])


def test_the_comparison_names_each_field_that_differs():
    expected = {"results": [{"id": 1, "rate": "15.00", "targets": ["JPN"]}], "count": 1}
    actual = {"results": [{"id": 1, "rate": "15.0", "targets": ["JPN", "KOR"]}], "count": 1}
    assert differences(expected, actual) == [
        "$.results[0].rate: '15.00' != '15.0'",
        "$.results[0].targets: 1 items expected, 2 given",
    ]
    assert differences({"a": 1}, {"a": 1.0}) == ["$.a: 1 != 1.0"]
    assert differences({"a": 1, "b": 2}, {"a": 1, "c": 2}) == ["$.b: missing", "$.c: not expected"]
