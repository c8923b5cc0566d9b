"""A DELETE that would take other facts with it is refused (409) with what depends on the
record, unless `?cascade=true` asks for them; then everything that goes or changes is recorded
in its history. Protected rows refuse the deletion whatever is asked."""

import pytest
from django.db.models import Q

from commodities.models import TradeFlow
from core.models import Economy, Source
from negotiations.models import Agreement, Concession, Negotiation, Round
from tariffs.models import Measure

pytestmark = pytest.mark.django_db

SLUG = "japan-united-states-2025"


def citations(source):
    """The ids of the facts citing `source`, by model label."""
    found = {}
    for rel in Source._meta.related_objects:
        if rel.many_to_many:
            ids = sorted(getattr(source, rel.get_accessor_name()).values_list("pk", flat=True))
            if ids:
                found[rel.related_model._meta.label] = ids
    return found


def cited_source():
    """The demo's most cited source, with the facts citing it by model (ids)."""
    source = max(Source.objects.all(), key=lambda s: sum(len(ids) for ids in citations(s).values()))
    return source, citations(source)


def test_deleting_a_cited_source_is_a_409_naming_the_citations(editor_api, demo):
    source, citing = cited_source()
    response = editor_api.delete(f"/api/v1/sources/{source.pk}/")
    assert response.status_code == 409
    body = response.json()
    named = {item["model"]: (item["count"], item["ids"]) for item in body["dependants"]}
    assert named == {f"{label}_sources": (len(ids), ids[:5]) for label, ids in citing.items()}
    assert sum(len(ids) for ids in citing.values()) > 5
    assert "citations in measure relations" in body["detail"]
    assert "?cascade=true" in body["detail"]
    assert Source.objects.filter(pk=source.pk).exists()
    assert citations(source) == citing


def test_with_cascade_the_source_goes_and_its_history_and_the_citers_record_it(editor_api, demo):
    source, citing = cited_source()
    citers = [
        fact
        for rel in Source._meta.related_objects
        if rel.many_to_many
        for fact in getattr(source, rel.get_accessor_name()).all()
    ]
    response = editor_api.delete(f"/api/v1/sources/{source.pk}/?cascade=true")
    assert response.status_code == 204
    assert not Source.objects.filter(pk=source.pk).exists()
    deleted = Source.history.get(id=source.pk, history_type="-")
    assert deleted.title == source.title
    assert deleted.history_change_reason.startswith("deletion ")
    assert deleted.history_user.username == "editor"
    assert len(citers) == sum(len(ids) for ids in citing.values())
    for fact in citers:
        latest = fact.history.order_by("-history_date").first()
        assert latest.history_type == "~"
        assert latest.history_change_reason == deleted.history_change_reason
        assert source.pk not in latest.sources.values_list("source_id", flat=True)
        before = latest.prev_record
        assert source.pk in before.sources.values_list("source_id", flat=True)


def test_deleting_a_negotiation_is_a_409_naming_what_depends_on_it(editor_api, demo):
    response = editor_api.delete(f"/api/v1/negotiations/{SLUG}/")
    assert response.status_code == 409
    named = {item["model"]: item["count"] for item in response.json()["dependants"]}
    assert named["negotiations.Round"] == Round.objects.filter(negotiation=demo).count() == 7
    assert named["negotiations.Concession"] == demo.concessions.count() > 0
    assert named["negotiations.Agreement"] == demo.agreements.count() == 2
    assert named["negotiations.Delegation"] == 13
    assert Negotiation.objects.filter(slug=SLUG).exists()
    assert Round.objects.filter(negotiation=demo).count() == 7


def test_with_cascade_the_negotiation_goes_and_every_row_has_its_deletion_record(editor_api, demo):
    rounds = list(Round.objects.filter(negotiation=demo).values_list("pk", flat=True))
    concessions = list(demo.concessions.values_list("pk", flat=True))
    response = editor_api.delete(f"/api/v1/negotiations/{SLUG}/?cascade=true")
    assert response.status_code == 204
    assert not Negotiation.objects.filter(slug=SLUG).exists()
    record = Negotiation.history.get(id=demo.pk, history_type="-")
    reason = record.history_change_reason
    assert set(record.parties.values_list("economy__iso3", flat=True)) == {"JPN", "USA"}
    assert record.sources.count() == 2  # the seed report and the report it cites
    deleted_rounds = Round.history.filter(history_type="-", history_change_reason=reason)
    assert sorted(deleted_rounds.values_list("id", flat=True)) == sorted(rounds)
    deleted_concessions = Concession.history.filter(history_type="-", history_change_reason=reason)
    assert sorted(deleted_concessions.values_list("id", flat=True)) == sorted(concessions)
    assert Agreement.history.filter(history_type="-", history_change_reason=reason).count() == 2


def test_an_economy_with_measures_and_flows_is_protected_even_with_cascade(editor_api, demo):
    response = editor_api.delete("/api/v1/economies/JPN/?cascade=true")
    assert response.status_code == 409
    body = response.json()
    named = {item["model"]: item["count"] for item in body["dependants"]}
    assert (
        named["commodities.TradeFlow"]
        == TradeFlow.objects.filter(Q(reporter__iso3="JPN") | Q(partner__iso3="JPN")).count()
    )
    assert "protected" in body["detail"] and "cascade" not in body["detail"]
    assert Economy.objects.filter(iso3="JPN").exists()


def test_a_record_nothing_depends_on_is_deleted_without_cascade(editor_api, demo):
    created = editor_api.post(
        "/api/v1/sources/", {"publisher": "NHK", "title": "Uncited", "kind": "press"}, format="json"
    )
    response = editor_api.delete(f"/api/v1/sources/{created.json()['id']}/")
    assert response.status_code == 204


def test_a_measure_linked_from_an_agreement_names_the_links(editor_api, demo):
    measure = Measure.objects.get(title="Section 232 autos and parts: Japan's 15% all-in rate")
    response = editor_api.delete(f"/api/v1/measures/{measure.pk}/")
    assert response.status_code == 409
    dependants = {item["model"]: item for item in response.json()["dependants"]}
    assert dependants["negotiations.Agreement_measures"]["ids"] == sorted(
        measure.agreements.values_list("pk", flat=True)
    )
    assert dependants["tariffs.MeasureChange"]["count"] == measure.changes.count()
    assert dependants["tariffs.ScopeLine"]["count"] == measure.scope_lines.count() == 2


def test_an_unreadable_cascade_is_a_400(editor_api, demo):
    source, _ = cited_source()
    response = editor_api.delete(f"/api/v1/sources/{source.pk}/?cascade=perhaps")
    assert response.status_code == 400
    assert response.json() == {"cascade": ["Use true or false."]}
    assert Source.objects.filter(pk=source.pk).exists()
