"""The API answers on the demo that must stay the same, field by field, whatever is done to
make them faster: every list (first and a later page, filtered, searched) and a few details.

Dates that default to today are pinned (`on=`), so an answer does not change with the day.
Record again only when an answer is meant to change:

    pytest tests/api/test_recorded_answers.py --record-answers
"""

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "api_answers"
ON = "on=2026-02-20"

REQUESTS = {
    "economies": "/api/v1/economies/?page_size=500",
    "economies-search": "/api/v1/economies/?search=union",
    "negotiations": "/api/v1/negotiations/",
    "rounds": "/api/v1/rounds/?page_size=500",
    "people": "/api/v1/people/?page_size=500",
    "sources": "/api/v1/sources/?page_size=500",
    "measures": f"/api/v1/measures/?page_size=500&{ON}",
    "measures-page-2": f"/api/v1/measures/?page_size=5&page=2&{ON}",
    "measures-before-the-talks": "/api/v1/measures/?page_size=500&on=2025-01-01",
    "commodities": "/api/v1/commodities/?page_size=100",
    "commodities-within-8703": "/api/v1/commodities/?within=8703&page_size=100",
    "commodities-page-2": "/api/v1/commodities/?page_size=20&page=2",
    "concessions": "/api/v1/concessions/?page_size=500",
    "concessions-search": "/api/v1/concessions/?search=rice",
    "measures-search": f"/api/v1/measures/?search=reciprocal&{ON}",
    "trade-flows": "/api/v1/trade-flows/?page_size=500",
    "trade-flows-rice": "/api/v1/trade-flows/?hs=1006&page_size=100",
    "agreements": f"/api/v1/agreements/?page_size=500&{ON}",
    "commitments": f"/api/v1/commitments/?page_size=500&{ON}",
}


def fixture_path(name):
    return FIXTURES / f"{name}.json"


def load(name):
    return json.loads(fixture_path(name).read_text())


def save(name, answer):
    FIXTURES.mkdir(parents=True, exist_ok=True)
    text = json.dumps(answer, indent=1, ensure_ascii=False, sort_keys=True)
    fixture_path(name).write_text(text + "\n")


def differences(expected, actual, path="$"):
    """Every place where two JSON values differ, as 'path: expected != actual'."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in sorted(set(expected) | set(actual)):
            here = f"{path}.{key}"
            if key not in actual:
                found.append(f"{here}: missing")
            elif key not in expected:
                found.append(f"{here}: not expected")
            else:
                found += differences(expected[key], actual[key], here)
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        found = []
        if len(expected) != len(actual):
            found.append(f"{path}: {len(expected)} items expected, {len(actual)} given")
        for index, (one, other) in enumerate(zip(expected, actual, strict=False)):
            found += differences(one, other, f"{path}[{index}]")
        return found
    if expected != actual or type(expected) is not type(actual):
        return [f"{path}: {expected!r} != {actual!r}"]
    return []
