"""A source that looks like one already entered is refused with a 409 naming the matches;
`?allow_duplicate=true` saves it anyway. The demo's sources are the existing ones."""

import pytest

from core.models import Source

pytestmark = pytest.mark.django_db

API = "/api/v1/sources/"
# In the demo: The Asahi Shimbun's report on the first round, with this address.
ASAHI_TITLE = "Report on the first round: Akazawa met Trump, Bessent and Greer"
ASAHI_URL = "https://ajw-origin.potaufeu.asahi.com/ajw/articles/15737593"
YOMIURI_URL = "https://japannews.yomiuri.co.jp/politics/politics-government/20250430-251921/"


def asahi():
    return Source.objects.get(publisher="The Asahi Shimbun", title=ASAHI_TITLE)


def test_the_same_address_written_differently_is_a_409_naming_the_match(editor_api, demo):
    before = Source.objects.count()
    response = editor_api.post(
        API,
        {
            "publisher": "Asahi",
            "title": "Akazawa meets Trump",
            "kind": "press",
            "link": "HTTP://WWW.ajw-origin.potaufeu.asahi.com/ajw/articles/15737593/",
        },
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert "allow_duplicate=true" in body["detail"]
    assert body["duplicates"] == [
        {
            "id": asahi().pk,
            "publisher": "The Asahi Shimbun",
            "title": ASAHI_TITLE,
            "link": ASAHI_URL,
        }
    ]
    assert Source.objects.count() == before


def test_the_same_publisher_and_title_up_to_case_and_punctuation_is_a_409(editor_api, demo):
    response = editor_api.post(
        API,
        {
            "publisher": "the asahi shimbun",
            "title": "Report on the first round — Akazawa met Trump, Bessent, and Greer!",
            "kind": "press",
        },
        format="json",
    )
    assert response.status_code == 409
    assert [match["id"] for match in response.json()["duplicates"]] == [asahi().pk]


def test_allow_duplicate_saves_it_anyway(editor_api, demo):
    response = editor_api.post(
        f"{API}?allow_duplicate=true",
        {"publisher": "Asahi", "title": "Akazawa meets Trump", "kind": "press", "link": ASAHI_URL},
        format="json",
    )
    assert response.status_code == 201
    assert Source.objects.filter(url=ASAHI_URL).count() == 2


def test_allow_duplicate_must_be_true_or_false(editor_api, demo):
    response = editor_api.post(
        f"{API}?allow_duplicate=perhaps",
        {"publisher": "Kyodo", "title": "Talks", "kind": "press"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"allow_duplicate": ["Use true or false."]}


def test_a_different_source_is_saved(editor_api, demo):
    response = editor_api.post(
        API,
        {
            "publisher": "The Asahi Shimbun",
            "title": "Report on the second round",
            "kind": "press",
            "link": "https://ajw-origin.potaufeu.asahi.com/ajw/articles/15737594",
        },
        format="json",
    )
    assert response.status_code == 201


def test_editing_a_source_is_checked_against_the_others_not_itself(editor_api, demo):
    source = asahi()
    own = editor_api.patch(f"{API}{source.pk}/", {"published_on": "2025-05-01"}, format="json")
    assert own.status_code == 200
    # PATCH: the publisher and title not sent are the stored ones; the address is another's.
    moved = editor_api.patch(f"{API}{source.pk}/", {"link": YOMIURI_URL[:-1]}, format="json")
    assert moved.status_code == 409
    yomiuri = Source.objects.get(url=YOMIURI_URL)
    assert [match["id"] for match in moved.json()["duplicates"]] == [yomiuri.pk]
    assert asahi().url == ASAHI_URL
    put = editor_api.put(
        f"{API}{source.pk}/?allow_duplicate=true",
        {
            "publisher": "The Asahi Shimbun",
            "title": ASAHI_TITLE,
            "kind": "press",
            "link": YOMIURI_URL,
        },
        format="json",
    )
    assert put.status_code == 200 and asahi().url == YOMIURI_URL


def test_the_schema_declares_the_parameter_and_the_answer(api, db):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    for method in ("post",):
        operation = schema["paths"][API][method]
        assert "allow_duplicate" in [p["name"] for p in operation["parameters"]]
        assert "allow_duplicate=true" in operation["responses"]["409"]["description"]
    for method in ("put", "patch"):
        operation = schema["paths"][f"{API}{{id}}/"][method]
        assert "allow_duplicate" in [p["name"] for p in operation["parameters"]]
        assert "allow_duplicate=true" in operation["responses"]["409"]["description"]
    declared = schema["components"]["schemas"]["Error"]["properties"]["duplicates"]
    assert set(declared["items"]["properties"]) == {"id", "publisher", "title", "link"}
