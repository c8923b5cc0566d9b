"""The admin refuses to save a change form whose record changed since the form was opened, and
every domain model's admin shares that, its deletes and its history through one mixin."""

import pytest
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.groups import DOMAIN_APPS, EDITOR
from core.models import Export, Source
from negotiations.models import Round

from .demo_data import copy_demo
from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return copy_demo()


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(username="editor", is_staff=True, groups=[EDITOR]))
    return client


def posted(response):
    """The data a browser would post back from a change form, as it was opened."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            if isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(item) for item in value]
            else:
                data[form.add_prefix(name)] = str(value)
    return data


def test_a_change_form_opened_before_another_editors_change_is_refused(editor, demo):
    round_ = Round.objects.get(negotiation=demo, sequence=2)
    url = f"/admin/negotiations/round/{round_.pk}/change/"
    opened = editor.get(url)
    data = posted(opened) | {"summary": "My summary."}
    assert data["seen_version"].startswith('"')

    # Meanwhile another editor records the outcome (through the API, or another admin tab).
    Round.objects.filter(pk=round_.pk).update(outcome="Their outcome.")

    response = editor.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this round since you opened this page" in page
    stored = Round.objects.get(pk=round_.pk)
    assert (stored.summary, stored.outcome) == (round_.summary, "Their outcome.")
    assert round_.summary != "My summary."


def test_a_change_to_an_inline_row_meanwhile_is_refused_too(editor, demo):
    round_ = Round.objects.get(negotiation=demo, sequence=1)
    url = f"/admin/negotiations/round/{round_.pk}/change/"
    data = posted(editor.get(url)) | {"summary": "My summary."}
    statement = round_.statements.get()
    statement.context = "Corrected meanwhile."
    statement.save()
    response = editor.post(url, data)
    assert "Someone else changed this round" in response.content.decode()
    assert Round.objects.get(pk=round_.pk).summary != "My summary."


def test_a_change_form_saved_with_nothing_changed_meanwhile_is_saved(editor, demo):
    round_ = Round.objects.get(negotiation=demo, sequence=2)
    url = f"/admin/negotiations/round/{round_.pk}/change/"
    response = editor.post(url, posted(editor.get(url)) | {"summary": "My summary."})
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert Round.objects.get(pk=round_.pk).summary == "My summary."


def test_a_source_form_is_guarded_the_same_way(editor, demo):
    source = Source.objects.first()
    url = f"/admin/core/source/{source.pk}/change/"
    data = posted(editor.get(url)) | {"title": "Mine"}
    Source.objects.filter(pk=source.pk).update(publisher="Theirs")
    assert "Someone else changed this source" in editor.post(url, data).content.decode()
    assert Source.objects.get(pk=source.pk).title == source.title


def test_a_view_only_user_gets_no_version_field(client, demo):
    from core.groups import ANALYST

    client.force_login(UserFactory(username="analyst", is_staff=True, groups=[ANALYST]))
    round_ = Round.objects.get(negotiation=demo, sequence=2)
    page = client.get(f"/admin/negotiations/round/{round_.pk}/change/")
    assert page.status_code == 200
    assert "seen_version" not in page.content.decode()


def test_every_domain_models_admin_shares_the_mixin_and_histories_show(editor, demo):
    from core.domain_admin import DomainAdminMixin

    registered = {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in DOMAIN_APPS and model is not Export  # a file asked for
    }
    assert len(registered) >= 17
    for model, model_admin in registered.items():
        assert isinstance(model_admin, DomainAdminMixin), model._meta.label
        if hasattr(model, "history"):
            assert isinstance(model_admin, SimpleHistoryAdmin), model._meta.label
    person = demo.rounds.get(sequence=1).delegations.first().head
    assert editor.get(f"/admin/negotiations/person/{person.pk}/history/").status_code == 200
