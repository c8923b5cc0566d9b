"""Entry rules with one home in the model, as the API applies them: a measure's targets, a
slug made from a title, a source's missing link."""

import pytest

from core.models import Source
from negotiations.models import Negotiation, Person
from tariffs.models import Measure

pytestmark = pytest.mark.django_db

ALL_ECONOMIES_WITH_TARGETS = (
    "A measure on all economies lists no targets: empty the list, or make it apply to the "
    "listed economies only."
)

API = "/api/v1"
ALL_WITH_TARGETS = {"targets": [ALL_ECONOMIES_WITH_TARGETS]}


def universal_measure():
    return Measure.objects.get(applies_to_all_economies=True, title__startswith="Universal")


def targeted_measure():
    return Measure.objects.get(title__contains="from Japan")


def test_all_economies_with_a_target_list_is_a_400_naming_targets(editor_api, demo):
    body = {
        "title": "Universal duty",
        "issuer": "USA",
        "legal_basis": "ieepa",
        "applies_to_all_economies": True,
        "targets": ["JPN"],
    }
    response = editor_api.post(f"{API}/measures/", body, format="json")
    assert (response.status_code, response.json()) == (400, ALL_WITH_TARGETS)
    assert not Measure.objects.filter(title="Universal duty").exists()


def test_a_patch_adding_targets_to_a_measure_on_all_economies_is_a_400(editor_api, demo):
    measure = universal_measure()
    response = editor_api.patch(
        f"{API}/measures/{measure.pk}/", {"targets": ["JPN"]}, format="json"
    )
    assert (response.status_code, response.json()) == (400, ALL_WITH_TARGETS)
    assert not measure.targets.exists()


def test_a_patch_making_a_targeted_measure_universal_is_a_400(editor_api, demo):
    measure = targeted_measure()
    response = editor_api.patch(
        f"{API}/measures/{measure.pk}/", {"applies_to_all_economies": True}, format="json"
    )
    assert (response.status_code, response.json()) == (400, ALL_WITH_TARGETS)
    measure.refresh_from_db()
    assert not measure.applies_to_all_economies


def test_a_patch_switching_both_together_is_written(editor_api, demo):
    measure = targeted_measure()
    response = editor_api.patch(
        f"{API}/measures/{measure.pk}/",
        {"applies_to_all_economies": True, "targets": []},
        format="json",
    )
    assert response.status_code == 200, response.content
    measure.refresh_from_db()
    assert measure.applies_to_all_economies and not measure.targets.exists()


NEGOTIATION = {"status": "active", "started_on": "2025-05-08", "parties": ["USA", "JPN"]}


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("United Kingdom–United States trade talks", "united-kingdom-united-states-trade-talks"),
        ("United Kingdom—United States trade talks", "united-kingdom-united-states-trade-talks"),
        ("EU ― Japan ‒ talks", "eu-japan-talks"),
        ("EU−Japan/Korea talks", "eu-japan-korea-talks"),
        ("Japan’s and Korea's talks", "japans-and-koreas-talks"),
        ("Côte d’Ivoire–EU talks", "cote-divoire-eu-talks"),
    ],
)
def test_a_negotiation_without_a_slug_gets_one_from_its_title(editor_api, demo, title, slug):
    response = editor_api.post(
        f"{API}/negotiations/", NEGOTIATION | {"title": title}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["slug"] == slug
    assert Negotiation.objects.get(title=title).slug == slug


def test_a_slug_given_is_kept(editor_api, demo):
    body = NEGOTIATION | {"title": "United Kingdom–United States", "slug": "uk-us"}
    response = editor_api.post(f"{API}/negotiations/", body, format="json")
    assert response.status_code == 201 and response.json()["slug"] == "uk-us"


def test_a_slug_made_from_a_title_taken_is_a_400_naming_slug(editor_api, demo):
    assert demo.slug == "japan-united-states-2025"
    body = NEGOTIATION | {"title": "Japan–United States 2025"}
    response = editor_api.post(f"{API}/negotiations/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"slug": ["Negotiation with this Slug already exists."]}


def test_a_person_without_a_slug_gets_one_from_the_name(editor_api, demo):
    body = {"name": "Maroš Šefčovič – EU Commissioner", "economy": "USA"}
    response = editor_api.post(f"{API}/people/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["slug"] == "maros-sefcovic-eu-commissioner"


def test_a_source_without_a_link_reads_null_and_stores_empty(editor_api, demo):
    response = editor_api.post(
        f"{API}/sources/", {"publisher": "Kyodo", "title": "Talks", "kind": "press"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["link"] is None
    source = Source.objects.get(title="Talks")
    assert source.url == ""
    response = editor_api.patch(f"{API}/sources/{source.pk}/", {"link": None}, format="json")
    assert (response.status_code, response.json()["link"]) == (200, None)
    source.refresh_from_db()
    assert source.url == ""
    link = "https://www.kyodonews.net/talks"
    response = editor_api.patch(f"{API}/sources/{source.pk}/", {"link": link}, format="json")
    assert response.json()["link"] == link


def test_sources_cited_without_a_link_read_null_in_every_fact(api, demo):
    unlinked = Source.objects.filter(url="").values_list("pk", flat=True)
    assert unlinked, "the demo cites sources without a link"
    body = api.get(f"{API}/sources/", {"page_size": 500}).json()
    links = {item["id"]: item["link"] for item in body["results"]}
    assert {links[pk] for pk in unlinked} == {None}
    assert "" not in links.values()


def test_a_name_of_symbols_only_gives_no_slug_and_is_a_400_naming_slug(editor_api, demo):
    """Found by schemathesis: control characters and a private-use character made an empty
    slug, saved, then a 500 building the person's URL."""
    body = {"name": "\x12\x9a\x03\U0007fdda", "office": "", "economy": "JPN"}
    response = editor_api.post(f"{API}/people/", body, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["slug"]
    assert not Person.objects.filter(slug="").exists()
