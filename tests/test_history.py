"""Every domain model keeps a history (who, when, what), citations and other links included;
only the bulk tables imported from their publishers do not."""

import pytest
from django.apps import apps

from core.groups import DOMAIN_APPS, EDITOR
from core.models import DataVersion, Economy, Export, Source
from negotiations.models import Person

from .factories import NegotiationFactory, RoundFactory, UserFactory

pytestmark = pytest.mark.django_db

# Imported by the thousand and re-imported whole: a record per row would repeat the import.
WITHOUT_HISTORY = {
    "commodities.Commodity",
    "commodities.TradeFlow",
    "commodities.RefreshRun",
    "tariffs.ScheduleRevision",
    "tariffs.NationalLine",
    "tariffs.Chapter99Heading",
}


def domain_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in DOMAIN_APPS
        and not model._meta.model_name.startswith("historical")
        and model not in (DataVersion, Export)  # bookkeeping: a version, a file asked for
    ]


def test_every_domain_model_but_the_bulk_tables_has_a_history():
    without = {m._meta.label for m in domain_models() if not hasattr(m, "history")}
    assert without == WITHOUT_HISTORY


def test_every_citation_and_link_is_kept_in_the_history():
    for model in domain_models():
        if not hasattr(model, "history"):
            continue
        kept = {field.name for field in model.history.model._history_m2m_fields}
        links = {field.name for field in model._meta.many_to_many}
        assert kept == links - {"refresh_runs"}, model._meta.label


def test_a_source_is_created_changed_and_deleted_in_its_history(editor_api):
    created = editor_api.post(
        "/api/v1/sources/", {"publisher": "NHK", "title": "Talks resume", "kind": "press"}
    )
    pk = created.json()["id"]
    editor_api.patch(f"/api/v1/sources/{pk}/", {"title": "Talks resume in Tokyo"})
    editor_api.delete(f"/api/v1/sources/{pk}/")
    records = Source.history.filter(id=pk).order_by("history_date")
    assert [(r.history_type, r.title) for r in records] == [
        ("+", "Talks resume"),
        ("~", "Talks resume in Tokyo"),
        ("-", "Talks resume in Tokyo"),
    ]
    assert {r.history_user.username for r in records} == {"editor"}


def test_a_person_has_a_history():
    person = Person.objects.create(
        name="Ryosei Akazawa",
        slug="ryosei-akazawa",
        economy=Economy.objects.create(name="Japan", iso3="JPN"),
    )
    person.office = "Minister for Economic Revitalization"
    person.save()
    assert [r.office for r in person.history.order_by("history_date")] == [
        "",
        "Minister for Economic Revitalization",
    ]
    person.delete()
    assert Person.history.filter(slug="ryosei-akazawa", history_type="-").exists()


def test_an_economy_keeps_its_members_in_its_history():
    japan = Economy.objects.create(name="Japan", iso3="JPN")
    germany = Economy.objects.create(name="Germany", iso3="DEU")
    group = Economy.objects.create(name="G2", iso3="GTW", kind=Economy.Kind.GROUP)
    group.members.set([japan, germany])
    group.members.remove(japan)
    records = group.history.order_by("history_date")
    assert [sorted(r.members.values_list("to_economy__iso3", flat=True)) for r in records] == [
        [],
        ["DEU", "JPN"],
        ["DEU"],
    ]


def test_a_deleted_rows_record_keeps_the_sources_it_cited():
    source = Source.objects.create(publisher="NHK", title="Round one", kind="press")
    round_ = RoundFactory(negotiation=NegotiationFactory())
    round_.sources.add(source)
    assert round_.history.latest("history_date").sources.get().source_id == source.pk
    pk = round_.pk
    round_.delete()
    deleted = round_.history.model.objects.get(id=pk, history_type="-")
    assert list(deleted.sources.values_list("source_id", flat=True)) == [source.pk]


@pytest.fixture
def editor_api(db):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(UserFactory(username="editor", groups=[EDITOR]))
    return client
