"""Sources are entered once and found by autocomplete everywhere; one that looks like a source
already entered is flagged before it is saved. The demo's sources are the existing ones."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten, flatten_fieldsets
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.groups import EDITOR
from core.models import Source, Sourced

from .demo_data import copy_demo
from .factories import SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

ASAHI_TITLE = "Report on the first round: Akazawa met Trump, Bessent and Greer"
ASAHI_URL = "https://ajw-origin.potaufeu.asahi.com/ajw/articles/15737593"


@pytest.fixture
def editor(client):
    copy_demo()
    client.force_login(UserFactory(username="editor", is_staff=True, groups=[EDITOR]))
    return client


def add_source(client, **fields):
    data = {"publisher": "", "title": "", "url": "", "published_on": "", "kind": "press"}
    return client.post(reverse("admin:core_source_add"), {**data, **fields})


def test_a_near_duplicate_is_flagged_with_links_to_the_matches(editor):
    before = Source.objects.count()
    response = add_source(
        editor, publisher="THE ASAHI SHIMBUN", title=f"  {ASAHI_TITLE.upper()}. ", url=""
    )
    assert response.status_code == 200
    assert Source.objects.count() == before
    asahi = Source.objects.get(title=ASAHI_TITLE)
    page = response.content.decode()
    assert "This looks like a source already entered" in page
    link = reverse("admin:core_source_change", args=[asahi.pk])
    assert f'<a href="{link}">The Asahi Shimbun — {ASAHI_TITLE} (2025-04-30)</a>' in page
    assert 'type="checkbox" name="save_anyway"' in page


def test_ticking_save_anyway_saves_it(editor):
    response = add_source(
        editor, publisher="Asahi", title="Akazawa met Trump", url=ASAHI_URL + "/", save_anyway="on"
    )
    assert response.status_code == 302
    assert Source.objects.filter(publisher="Asahi").exists()


def test_a_new_source_is_saved_at_once_and_shows_no_checkbox(editor):
    page = editor.get(reverse("admin:core_source_add")).content.decode()
    assert 'type="hidden" name="save_anyway"' in page
    response = add_source(editor, publisher="Kyodo", title="Akazawa met Trump", url="")
    assert response.status_code == 302


def test_an_edit_that_keeps_publisher_title_and_address_is_not_flagged(editor):
    # Two sources entered before the check, with the same address.
    first = SourceFactory(title="First", url="https://example.org/notice")
    SourceFactory(title="Second", url="https://example.org/notice")
    change = reverse("admin:core_source_change", args=[first.pk])
    data = {"publisher": first.publisher, "title": "First", "url": first.url, "kind": first.kind}
    response = editor.post(change, {**data, "published_on": "2025-05-02"})
    assert response.status_code == 302
    response = editor.post(change, {**data, "title": "First, amended", "published_on": ""})
    assert response.status_code == 200 and "already entered" in response.content.decode()


def autocomplete(client, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": "tariffs", "model_name": "measure", "field_name": "sources"},
    )
    assert response.status_code == 200
    return [item["text"] for item in response.json()["results"]]


@pytest.mark.parametrize(
    "term",
    ["Akazawa", "asahi shimbun", "15737593", "2025-04-30 Asahi"],
    ids=["title word", "publisher", "address", "date"],
)
def test_the_autocomplete_finds_a_source_by_title_publisher_address_or_date(editor, term):
    assert f"The Asahi Shimbun — {ASAHI_TITLE} (2025-04-30)" in autocomplete(editor, term)


def test_a_date_alone_finds_the_sources_of_that_day(editor):
    found = autocomplete(editor, "2025-04-30")
    assert found and all(text.endswith("(2025-04-30)") for text in found)
    assert autocomplete(editor, "2025-02-30") == []  # no such day: searched as a word


def test_the_autocomplete_reads_the_same_number_of_queries_for_more_sources(editor):
    def queries(term):
        with CaptureQueriesContext(connection) as captured:
            autocomplete(editor, term)
        return len(captured)

    few = queries("Shimbun")
    SourceFactory.create_batch(30, publisher="The Yomiuri Shimbun")
    assert queries("Shimbun") == few


def sourced_fields(model_admin):
    """(admin, field) for each form of the admin (and its inlines) that cites sources."""
    for part in [model_admin, *model_admin.inlines]:
        model = part.model
        if issubclass(model, Sourced):
            yield part, "sources"
        elif getattr(model._meta, "auto_created", False) and any(
            field.related_model is Source for field in model._meta.fields
        ):
            yield part, "source"


def shown(part, field):
    """Whether the form shows `field`: named in its fields or fieldsets when it declares
    them, not excluded otherwise."""
    if field in (getattr(part, "exclude", None) or []):
        return False
    if part.fieldsets:
        return field in flatten_fieldsets(part.fieldsets)
    if part.fields:
        return field in flatten(part.fields)
    return True


def test_every_form_citing_sources_finds_them_by_autocomplete():
    checked = []
    for model_admin in admin.site._registry.values():
        for part, field in sourced_fields(model_admin):
            name = getattr(part, "__name__", type(part).__name__)
            assert not shown(part, field) or field in part.autocomplete_fields, f"{name}.{field}"
            checked.append(part)
    assert len(checked) >= 15


def test_sources_inserted_in_bulk_are_found_in_one_query(django_assert_num_queries):
    from core.sources import near_duplicates

    Source.objects.bulk_create(
        Source(publisher="Kyodo", title=f"Talks, day {n}", url=f"https://kyodo.example/{n}")
        for n in range(50)
    )
    with django_assert_num_queries(1):
        found = near_duplicates("KYODO", "talks day 7", "")
    assert [source.title for source in found] == ["Talks, day 7"]
    with django_assert_num_queries(1):
        found = near_duplicates("Reuters", "Other", "http://www.Kyodo.example/8/#top")
    assert [source.title for source in found] == ["Talks, day 8"]
