"""Bulk entry from files: a preview of every row's outcome before anything is written, one
transaction for the write, history for every change, nothing written twice; through the admin's
import page and the `import_entries` command."""

import csv
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from commodities.models import Commodity
from core.groups import EDITOR
from core.history import linked_ids
from core.models import Economy
from tariffs.models import Measure, MeasureChange, ScopeLine

from .demo_data import copy_demo
from .factories import UserFactory

pytestmark = pytest.mark.django_db

COLUMNS = [
    "title",
    "issuer",
    "targets",
    "applies_to_all_economies",
    "legal_basis",
    "legal_citation",
    "covers_all_products",
    "precedence",
    "description",
    "scope",
    "changes",
]
# Rows (1-based, as the preview numbers them) spoilt in the bad file, with the column each
# spoils and the reason the import must give.
BAD = {
    17: ("issuer", "XXX", "No economy XXX."),
    88: ("scope", "9999.99 annex=Annex I", "entry 1 (9999.99): No HS code 999999."),
    150: ("legal_basis", "section_999", "Value 'section_999' is not a valid choice."),
}


@pytest.fixture
def demo(db):
    return copy_demo()


@pytest.fixture
def editor(client):
    user = UserFactory(username="editor", is_staff=True, groups=[EDITOR])
    client.force_login(user)
    client.user = user
    return client


def dotted(code):
    return ".".join([code[:4], *(code[i : i + 2] for i in range(4, len(code), 2))])


def measure_rows(count=200):
    """`count` measures of the demo's economies on its HS subheadings: two scope lines (one
    in an annex) and two changes (announced, then in force) each."""
    issuer, target = Economy.objects.get(iso3="USA"), Economy.objects.get(iso3="JPN")
    codes = list(
        Commodity.objects.filter(level=Commodity.Level.SUBHEADING).values_list("code", flat=True)
    )
    rows = []
    for n in range(count):
        first, second = codes[n % len(codes)], codes[(n + 1) % len(codes)]
        rows.append(
            {
                "title": f"Bulk measure {n:03d}",
                "issuer": issuer.iso3,
                "targets": target.iso3,
                "applies_to_all_economies": "no",
                "legal_basis": "section_301",
                "legal_citation": f"Notice {n}",
                "covers_all_products": "no",
                "precedence": "",
                "description": "",
                "scope": f"{dotted(first)} annex=Annex I; {dotted(second)}",
                "changes": f"2025-03-{1 + n % 28:02d}:announced:{10 + n % 15}% "
                f"published=2025-02-20; 2025-04-{1 + n % 28:02d}:in_force:{10 + n % 15}%",
            }
        )
    return rows


def spoil(rows):
    rows = [dict(row) for row in rows]
    for number, (column, value, _) in BAD.items():
        rows[number - 1][column] = value
    return rows


def as_csv(rows, name="measures.csv"):
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    file = io.BytesIO(out.getvalue().encode())
    file.name = name
    return file


def import_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_import")


def preview(client, model, file):
    """The import page's answer to the file (CSV is the first format)."""
    return client.post(import_url(model), {"import_file": file, "format": "0"})


def confirm(client, model, page):
    form = page.context["confirm_form"]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_process_import")
    return client.post(url, {name: form.initial.get(name, "") for name in form.fields})


def counts():
    return {
        model.__name__: (model.objects.count(), model.history.count())
        for model in (Measure, ScopeLine, MeasureChange)
    }


def test_the_preview_lists_each_bad_row_with_its_column_and_reason_and_writes_nothing(demo, editor):
    before = counts()
    page = preview(editor, Measure, as_csv(spoil(measure_rows())))

    assert page.status_code == 200
    result = page.context["result"]
    errors = {
        row.number: {column: list(reasons) for column, reasons in row.field_specific_errors.items()}
        for row in result.invalid_rows
    }
    assert errors == {number: {column: [reason]} for number, (column, _, reason) in BAD.items()}
    # The 197 good rows are new; the page says so, and that nothing was written.
    assert result.totals["new"] == 197
    html = page.content.decode()
    assert "197 new" in html and "3 with errors" in html and "Nothing was written" in html
    for column, _, reason in BAD.values():
        assert column in html and reason.replace("'", "&#x27;") in html
    # Every row's outcome, the good ones' too.
    outcomes = re.findall(r"<tr class=\"(\w+)\">\s*<td>(\d+)</td>", html)
    assert [int(number) for _, number in outcomes] == list(range(1, 201))
    assert {int(n) for kind, n in outcomes if kind == "invalid"} == set(BAD)
    assert "confirm_form" not in page.context or page.context["confirm_form"] is None
    assert counts() == before


def test_the_corrected_file_writes_every_measure_with_its_lines_and_history(demo, editor):
    before = counts()
    rows = measure_rows()
    page = preview(editor, Measure, as_csv(rows))
    assert page.context["result"].totals["new"] == 200
    assert counts() == before  # the preview wrote nothing

    answer = confirm(editor, Measure, page)

    assert answer.status_code == 302
    imported = Measure.objects.filter(title__startswith="Bulk measure ")
    assert imported.count() == 200
    assert ScopeLine.objects.filter(measure__in=imported).count() == 400
    assert MeasureChange.objects.filter(measure__in=imported).count() == 400
    # One record per new row, each by the editor.
    for model, added in ((Measure, 200), (ScopeLine, 400), (MeasureChange, 400)):
        records = model.history.filter(history_type="+").order_by("-history_id")[:added]
        assert model.history.count() == before[model.__name__][1] + added
        assert {record.history_user_id for record in records} == {editor.user.pk}
    measure = imported.get(title="Bulk measure 007")
    assert list(measure.targets.values_list("iso3", flat=True)) == ["JPN"]
    assert measure.scope_lines.get(annex="Annex I").commodity_id == rows[7]["scope"].split()[
        0
    ].replace(".", "")
    change = measure.changes.get(status="announced")
    # Row 7: 10 + 7 % 15 = 17 %, announced on 2025-02-20 for 2025-03-08.
    assert (str(change.effective_on), str(change.published_on), change.ad_valorem_rate) == (
        "2025-03-08",
        "2025-02-20",
        17,
    )


def test_importing_the_same_file_again_changes_nothing(demo, editor):
    rows = measure_rows()
    confirm(editor, Measure, preview(editor, Measure, as_csv(rows)))
    before = counts()

    page = preview(editor, Measure, as_csv(rows))
    assert page.context["result"].totals == {
        "new": 0,
        "update": 0,
        "delete": 0,
        "skip": 200,
        "error": 0,
        "invalid": 0,
    }
    assert "200 unchanged" in page.content.decode()
    confirm(editor, Measure, page)

    assert counts() == before


def test_a_changed_row_updates_its_measure_and_lines_with_history(demo, editor):
    rows = measure_rows(5)
    confirm(editor, Measure, preview(editor, Measure, as_csv(rows)))
    measure = Measure.objects.get(title="Bulk measure 002")
    first_line = measure.scope_lines.get(annex="Annex I")
    records = measure.history.count(), first_line.history.count()
    rows[2]["changes"] = rows[2]["changes"].replace(":12%", ":30%")
    rows[2]["scope"] = rows[2]["scope"].split(";")[0]  # the second line leaves the scope

    page = preview(editor, Measure, as_csv(rows))
    assert (page.context["result"].totals["update"], page.context["result"].totals["skip"]) == (
        1,
        4,
    )
    confirm(editor, Measure, page)

    measure.refresh_from_db()
    assert [line.pk for line in measure.scope_lines.all()] == [first_line.pk]
    assert sorted(measure.changes.values_list("ad_valorem_rate", flat=True)) == [30, 30]
    assert measure.history.count() == records[0] + 1
    assert first_line.history.count() == records[1]  # unchanged
    assert MeasureChange.history.filter(history_type="~", ad_valorem_rate=30).count() == 2
    assert ScopeLine.history.filter(history_type="-", measure_id=measure.pk).count() == 1


def test_an_analyst_may_not_import(demo, client):
    from core.groups import ANALYST

    client.force_login(UserFactory(username="analyst", is_staff=True, groups=[ANALYST]))
    assert client.get(import_url(Measure)).status_code == 403


def test_the_template_is_the_columns_and_an_example_row_that_imports(demo, editor, tmp_path):
    url = reverse("admin:tariffs_measure_import_template", args=["csv"])
    answer = editor.get(url)
    assert answer["Content-Disposition"] == 'attachment; filename="measures-template.csv"'
    header, example = list(csv.reader(io.StringIO(answer.content.decode())))
    assert header == COLUMNS
    assert example[0] and example[1] == "USA"
    xlsx = editor.get(reverse("admin:tariffs_measure_import_template", args=["xlsx"]))
    assert xlsx.content[:2] == b"PK"
    # The change list links the import page, and a measure's deleted rows still.
    changelist = editor.get(reverse("admin:tariffs_measure_changelist")).content.decode()
    assert import_url(Measure) in changelist
    assert reverse("admin:tariffs_measure_deleted") in changelist
    import_page = editor.get(import_url(Measure)).content.decode()
    assert url in import_page


def test_the_command_reports_every_error_writes_nothing_then_loads_the_corrected_file(
    demo, tmp_path, capsys
):
    before = counts()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(as_csv(spoil(measure_rows())).getvalue())

    with pytest.raises(CommandError, match="3 error"):
        call_command("import_entries", "measures", str(bad))
    err = capsys.readouterr().err
    for number, (column, _, reason) in BAD.items():
        assert f"row {number}, {column}: {reason}" in err
    assert counts() == before

    good = tmp_path / "good.csv"
    good.write_bytes(as_csv(measure_rows()).getvalue())
    call_command("import_entries", "measures", str(good), "--dry-run")
    assert "200 new" in capsys.readouterr().out
    assert counts() == before

    call_command("import_entries", "measures", str(good))
    assert Measure.objects.filter(title__startswith="Bulk measure ").count() == 200
    call_command("import_entries", "measures", str(good))
    assert "200 unchanged" in capsys.readouterr().out


def rows_csv(header, *rows, name="rows.csv"):
    file = io.BytesIO("\n".join([header, *rows]).encode())
    file.name = name
    return file


def import_file(client, model, file):
    """Preview, then confirm when the preview has no error: the preview's result."""
    page = preview(client, model, file)
    result = page.context["result"]
    if not result.has_validation_errors() and not result.has_errors():
        assert confirm(client, model, page).status_code == 302
    return result


def invalid(result):
    return {
        row.number: {column: list(reasons) for column, reasons in row.field_specific_errors.items()}
        for row in result.invalid_rows
    }


def test_concessions_with_their_steps(demo, editor):
    from negotiations.models import Concession, ConcessionStatusChange

    header = "negotiation,title,giver,receiver,commodity,kind,round,amount,amount_unit,steps"
    row = f"{demo.slug},Bulk rice,JPN,USA,1006.30,purchase,1,75,%,{{steps}}"
    steps = "2025-04-16:requested; 2025-07-22:agreed note=In the joint statement"
    records = ConcessionStatusChange.history.count()

    bad = import_file(editor, Concession, rows_csv(header, row.format(steps="2025-04-16:won")))
    assert invalid(bad) == {
        1: {
            "steps": [
                "entry 1 (2025-04-16:won): status 'won' is not one of requested, "
                "under_consideration, offered, agreed, implemented, withdrawn."
            ]
        }
    }
    bad = import_file(
        editor, Concession, rows_csv(header, row.format(steps=steps).replace(",1,75", ",99,75"))
    )
    assert invalid(bad) == {1: {"round": [f"No round 99 in negotiation {demo.slug}."]}}
    assert not Concession.objects.filter(title="Bulk rice").exists()

    assert (
        import_file(editor, Concession, rows_csv(header, row.format(steps=steps))).totals["new"]
        == 1
    )
    concession = Concession.objects.get(title="Bulk rice")
    assert (concession.status, concession.round.sequence, concession.commodity_id) == (
        "agreed",  # the latest step's
        1,
        "100630",
    )
    assert [(str(s.changed_on), s.status, s.note) for s in concession.status_changes.all()] == [
        ("2025-04-16", "requested", ""),
        ("2025-07-22", "agreed", "In the joint statement"),
    ]
    assert ConcessionStatusChange.history.count() == records + 2
    again = import_file(editor, Concession, rows_csv(header, row.format(steps=steps)))
    assert again.totals["skip"] == 1
    assert ConcessionStatusChange.history.count() == records + 2


def test_union_memberships(demo, editor):
    for name, code in (("Germany", "DEU"), ("France", "FRA"), ("European Union", "EUN")):
        Economy.objects.create(name=name, iso3=code)
    union = Economy.objects.get(iso3="EUN")
    records = union.history.count()

    bad = import_file(editor, Economy, rows_csv("union,members", "EUN,DEU; QQQ", "XXX,DEU"))
    assert invalid(bad) == {
        1: {"members": ["No economies QQQ."]},
        2: {"union": ["No economy XXX: add it first."]},
    }
    assert not union.members.exists()

    assert (
        import_file(editor, Economy, rows_csv("union,members", "EUN,DEU; FRA")).totals["update"]
        == 1
    )
    assert sorted(union.members.values_list("iso3", flat=True)) == ["DEU", "FRA"]
    # One record for the change, holding the members it made.
    assert union.history.count() == records + 1
    latest = union.history.first()
    members = set(linked_ids(latest, Economy._meta.get_field("members")))
    assert members == set(
        Economy.objects.filter(iso3__in=["DEU", "FRA"]).values_list("pk", flat=True)
    )

    assert (
        import_file(editor, Economy, rows_csv("union,members", "EUN,FRA; DEU")).totals["skip"] == 1
    )
    import_file(editor, Economy, rows_csv("union,members", "EUN,DEU"))
    assert list(union.members.values_list("iso3", flat=True)) == ["DEU"]
    assert union.history.count() == records + 2


def test_trade_flows(demo, editor):
    from commodities.models import TradeFlow

    header = "source,reporter,partner,commodity,year,month,flow,value_usd,quantity,quantity_unit"
    rows = [
        "file,USA,JPN,1006.30,2024,0,M,1250000.00,40,t",
        "file,USA,JPN,1006.30,2024,3,M,90000,,",
    ]
    before = TradeFlow.objects.count()

    bad = import_file(editor, TradeFlow, rows_csv(header, rows[0], rows[1].replace(",3,", ",13,")))
    assert invalid(bad) == {2: {"month": ["Ensure this value is less than or equal to 12."]}}
    assert TradeFlow.objects.count() == before

    assert import_file(editor, TradeFlow, rows_csv(header, *rows)).totals["new"] == 2
    flow = TradeFlow.objects.get(source="file", month=0, commodity_id="100630")
    assert (flow.value_usd, flow.quantity, flow.reporter.iso3) == (1250000, 40, "USA")
    assert import_file(editor, TradeFlow, rows_csv(header, *rows)).totals["skip"] == 2
    changed = import_file(
        editor, TradeFlow, rows_csv(header, rows[0].replace("1250000", "1300000"))
    )
    assert changed.totals["update"] == 1
    flow.refresh_from_db()
    assert flow.value_usd == 1300000
    assert TradeFlow.objects.count() == before + 2


@pytest.mark.parametrize(
    "model_name, kind, outcome",
    [
        ("tariffs.Measure", "measures", "1 new"),
        ("negotiations.Concession", "concessions", "1 new"),
        ("core.Economy", "memberships", "0 new, 1 changed"),  # a union is added in the admin first
        ("commodities.TradeFlow", "trade-flows", "1 new"),
    ],
)
def test_each_template_downloads_as_excel_and_its_example_row_loads(
    demo, editor, tmp_path, capsys, model_name, kind, outcome
):
    from django.apps import apps

    for name, code in (("Germany", "DEU"), ("France", "FRA"), ("Italy", "ITA"), ("EU", "EUN")):
        Economy.objects.create(name=name, iso3=code)
    model = apps.get_model(model_name)
    url = reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_import_template", args=["xlsx"]
    )
    assert url in editor.get(import_url(model)).content.decode()
    template = tmp_path / f"{kind}.xlsx"
    template.write_bytes(editor.get(url).content)

    call_command("import_entries", kind, str(template))

    assert f"1 rows: {outcome}" in capsys.readouterr().out
