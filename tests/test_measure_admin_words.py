"""A measure's admin page says in words what the measure does, and previews the duty engine's
answer for a sample product with the measure as edited, writing nothing."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.groups import EDITOR
from tariffs.describe import describe_measure
from tariffs.models import Measure, MeasureChange, PartnerException, ScopeLine

from .demo_data import copy_demo, state, tables
from .factories import EconomyFactory, UserFactory
from .test_admin_edits import posted

pytestmark = pytest.mark.django_db

RECIPROCAL = "Reciprocal tariff on goods from Japan"
AUTOS = "Section 232 duty on imported automobiles"
JAPAN_AUTOS = "Section 232 autos and parts: Japan's 15% all-in rate"
ALL_IN = "15 % in total, including the base rate; base rates of 15 % or more are left as they are"


@pytest.fixture
def editor(client):
    copy_demo()
    client.force_login(UserFactory(username="editor", is_staff=True, groups=[EDITOR]))
    return client


def change_url(title):
    return reverse("admin:tariffs_measure_change", args=[Measure.objects.get(title=title).pk])


def test_the_reciprocal_measure_in_words(editor):
    assert describe_measure(Measure.objects.get(title=RECIPROCAL)) == [
        "United States imposes it on goods from Japan, under IEEPA (emergency economic "
        "powers), Executive Orders 14257, 14266, 14326 and 14345.",
        "It covers every product.",
        "In force from 2025-04-09, published 2025-04-02: adds 24 %.",
        "Paused from 2025-04-10, published 2025-04-09: nothing is collected.",
        "In force from 2025-08-07, published 2025-07-31: adds 15 % (heading 9903.02.30).",
        "Modified from 2025-08-07, published 2025-09-04 (retroactive): "
        f"{ALL_IN} (heading 9903.02.73).",
        "Struck down by a court from 2026-02-20: nothing is collected.",
        "It does not apply to goods subject to “Section 232 duty on aluminium”, “Section 232 "
        "duty on imported automobile parts”, “Section 232 duty on imported automobiles” and "
        "“Section 232 duty on steel”.",
        "It replaces “Universal 10% baseline tariff”.",
        "It adds to the other measures that apply (no precedence).",
    ]


def test_the_auto_measures_in_words(editor):
    assert describe_measure(Measure.objects.get(title=AUTOS)) == [
        "United States imposes it on goods from every economy, under Section 232 (national "
        "security), Proclamation 10908.",
        "It covers HS 8703.",
        "In force from 2025-04-03, published 2025-03-26: adds 25 %.",
        "Precedence 1: where measures with a precedence meet on a product, only the lowest "
        "number applies; it comes before “Section 232 duty on aluminium” (2) and “Section 232 "
        "duty on steel” (3).",
    ]
    japan = describe_measure(Measure.objects.get(title=JAPAN_AUTOS))
    assert japan[1:4] == [
        "It covers HS 8703 and 8708.",
        f"In force from 2025-09-16, published 2025-09-04: {ALL_IN} (heading 9903.94.40).",
        "It replaces “Section 232 duty on imported automobile parts” and “Section 232 duty on "
        "imported automobiles” (from 2025-09-16).",
    ]


def test_annexes_excluded_lines_announcements_and_dated_exceptions_in_words(editor):
    measure = Measure.objects.get(title=AUTOS)
    ScopeLine.objects.create(measure=measure, commodity_id="8708", annex="Annex II")
    ScopeLine.objects.create(
        measure=measure, commodity_id="870323", excluded=True, effective_from=dt.date(2025, 6, 1)
    )
    MeasureChange.objects.create(
        measure=measure,
        effective_on=dt.date(2026, 1, 1),
        published_on=dt.date(2025, 11, 1),
        status="announced",
        ad_valorem_rate=30,
    )
    canada = EconomyFactory(name="Canada", iso3="CAN")
    PartnerException.objects.create(
        measure=measure,
        economy=canada,
        effective_from=dt.date(2025, 5, 1),
        effective_to=dt.date(2025, 7, 1),
        note="USMCA content",
    )
    words = describe_measure(measure)
    assert words[1:5] == [
        "It covers HS 8703.",
        "Annex II: HS 8708.",
        "It leaves out HS 870323 (from 2025-06-01).",
        "In force from 2025-04-03, published 2025-03-26: adds 25 %.",
    ]
    assert words[5] == "Announced on 2025-11-01 for 2026-01-01: adds 30 %."
    assert words[-1] == (
        "It leaves out goods from Canada (from 2025-05-01 and before 2025-07-01): USMCA content."
    )


def test_the_change_page_shows_the_words_and_the_preview_defaults(editor):
    page = editor.get(change_url(JAPAN_AUTOS))
    html = page.content.decode()
    assert "What this measure does" in html
    assert f"<li>In force from 2025-09-16, published 2025-09-04: {ALL_IN}" in html
    form = page.context["preview_form"]
    # The first scope line, the first target, today (the measure is collected today).
    assert form.initial == {"hs": "8703", "exporter": "JPN", "date": dt.date.today()}
    # Struck down on 2026-02-20: the sample day is the last day it was brought into force.
    reciprocal = editor.get(change_url(RECIPROCAL)).context["preview_form"]
    assert reciprocal.initial == {"hs": "", "exporter": "JPN", "date": dt.date(2025, 8, 7)}


def every_table():
    """Each table's row count and checksum (PostgreSQL's catalogue and functions)."""
    with connection.cursor() as cursor:
        return {table: state(cursor, table) for table in tables(cursor)}


def preview_data(page, **edits):
    sample = {"preview-hs": "87032301", "preview-exporter": "JPN", "preview-date": "2025-10-01"}
    return posted(page) | sample | edits | {"_preview": "Preview"}


def test_the_preview_answers_for_the_measure_as_edited_and_writes_nothing(editor, postgres):
    url = change_url(JAPAN_AUTOS)
    data = preview_data(editor.get(url), **{"changes-0-ad_valorem_rate": "20"})
    before = every_table()
    response = editor.post(url, data)
    assert response.status_code == 200
    assert every_table() == before
    html = response.content.decode()
    # A Japanese car (8703.23.01) on 2025-10-01: base rate 2.5 %. Edited, Japan's all-in
    # rate is 20 %: it replaces the worldwide 25 % autos duty, and the reciprocal duty spares
    # goods subject to it, so it adds 20 - 2.5 = 17.5 % and the total is 20 %.
    answer = response.context["preview_answer"]
    assert [line.code for line in answer.lines] == ["87032301"]
    assert answer.lines[0].total_percent == "20 %"
    assert [str(layer.adds) for layer in answer.lines[0].layers] == ["17.5%"]
    assert 'data-testid="total-ad-valorem">20 %</strong>' in html
    assert "What this measure does (as edited, not saved)" in html
    assert "20 % in total, including the base rate" in html
    # The page shows the edit, still unsaved; the stored rate is the demo's.
    assert 'name="changes-0-ad_valorem_rate" value="20"' in html
    stored = MeasureChange.objects.get(measure__title=JAPAN_AUTOS)
    assert stored.ad_valorem_rate == 15


def test_without_the_edit_the_preview_is_the_lookups_answer(editor):
    # The same sample, the demo as it stands: 15 % in total (adds 15 - 2.5 = 12.5 %).
    url = change_url(JAPAN_AUTOS)
    response = editor.post(url, preview_data(editor.get(url)))
    assert response.context["preview_answer"].lines[0].total_percent == "15 %"


def test_a_preview_of_a_new_measure_writes_nothing_and_leaves_it_unsaved(editor, postgres):
    url = reverse("admin:tariffs_measure_add")
    data = preview_data(editor.get(url))
    data |= {
        "title": "Trial 40 % on Japanese cars",
        "issuer": str(Measure.objects.get(title=AUTOS).issuer_id),
        "legal_basis": "section_232",
        "targets": [str(EconomyFactory._meta.model.objects.get(iso3="JPN").pk)],
        "precedence": "",
        "scope_lines-TOTAL_FORMS": "1",
        "scope_lines-0-commodity": "8703",
        "changes-TOTAL_FORMS": "1",
        "changes-0-effective_on": "2025-10-01",
        "changes-0-status": "in_force",
        "changes-0-form": "adds",
        "changes-0-ad_valorem_rate": "40",
    }
    before = every_table()
    response = editor.post(url, data)
    assert response.status_code == 200, response.content.decode()[:2000]
    assert every_table() == before
    assert not response.context["adminform"].form.instance.pk
    words = response.context["measure_words"]
    assert "In force from 2025-10-01: adds 40 %." in words
    titles = [layer.measure.title for layer in response.context["preview_answer"].layers]
    assert "Trial 40 % on Japanese cars" in titles


def test_a_preview_of_refused_edits_shows_the_errors_and_no_answer(editor):
    url = change_url(JAPAN_AUTOS)
    data = preview_data(editor.get(url), **{"changes-0-specific_rate": "3"})
    response = editor.post(url, data)
    assert response.status_code == 200
    assert response.context["preview_answer"] is None
    assert "A total inclusive of the base rate is a percentage." in response.content.decode()


def test_after_a_preview_the_same_page_saves_the_edit(editor):
    url = change_url(JAPAN_AUTOS)
    data = preview_data(editor.get(url), **{"changes-0-ad_valorem_rate": "20"})
    previewed = editor.post(url, data)
    saved = editor.post(url, posted(previewed) | {"_save": "Save"})
    assert saved.status_code == 302
    assert MeasureChange.objects.get(measure__title=JAPAN_AUTOS).ad_valorem_rate == 20


def test_the_words_read_the_same_number_of_queries_however_long_the_measure(editor):
    measure = Measure.objects.select_related("issuer").get(title=AUTOS)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            describe_measure(measure)
        return len(captured)

    # Scope lines, steps, relations, measures with a precedence, exceptions.
    assert queries() == 5
    for code in ("8708", "870323", "870324"):
        ScopeLine.objects.create(measure=measure, commodity_id=code, annex="Annex I")
    for year in (2026, 2027):
        MeasureChange.objects.create(
            measure=measure, effective_on=dt.date(year, 1, 1), status="modified"
        )
    for name, iso3 in (("Canada", "CAN"), ("Mexico", "MEX")):
        PartnerException.objects.create(
            measure=measure, economy=EconomyFactory(name=name, iso3=iso3)
        )
    assert queries() == 5
