"""The extracts shipped in tariffs/data/hts: made by extract_schedule, loaded by the demo."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from core.models import Economy
from negotiations.demo import load_demo
from tariffs.models import Chapter99Heading, NationalLine, ScheduleRevision
from tariffs.schedule.read import parse_schedule
from tariffs.schedule.source import load_rows
from tariffs.shipped_schedule import SHIPPED_REVISIONS, shipped_path

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
HTS = DATA / "hts-us"
HS_TABLE = DATA / "hs" / "harmonized-system.csv"
REV_23_EXTRACT = shipped_path("usa-2025-rev-23.json.gz")


def import_schedule(path, revision, effective, importer="USA"):
    out = io.StringIO()
    call_command(
        "import_schedule",
        str(path),
        importer=importer,
        revision=revision,
        effective=effective.isoformat(),
        stdout=out,
    )
    return out.getvalue()


def table_counts():
    return (
        ScheduleRevision.objects.count(),
        NationalLine.objects.count(),
        Chapter99Heading.objects.count(),
    )


@pytest.fixture
def usa(db):
    return Economy.objects.create(iso3="USA", name="United States", comtrade_code=842)


# The HS6 subheadings the extracts hold (tariffs/data/hts/README.md).
SHIPPED_HS6 = {
    *("020130", "020230", "030389", "070190", "100630", "120190", "300490", "610910"),
    *("720851", "760110", "870323", "870324", "870840", "870899", "880240"),
}
FULL_FILES = {
    "usa-2025-basic.json.gz": "hts_2025_basic.json.gz",
    "usa-2025-rev-23.json.gz": "hts_2025_rev_23.json.gz",
    "usa-2026-rev-10.json.gz": "hts_2026_rev_10.json.gz",
}


@pytest.mark.parametrize(("name", "full_name"), FULL_FILES.items())
def test_each_extract_holds_its_full_files_lines_unchanged(name, full_name):
    full = parse_schedule(load_rows(HTS / full_name))
    extract = parse_schedule(load_rows(shipped_path(name)))

    wanted = [line.values() for line in full.lines if line.code[:6] in SHIPPED_HS6]
    assert [line.values() for line in extract.lines] == wanted
    assert {line.code[:6] for line in extract.lines} == SHIPPED_HS6
    headings = {heading.number: heading.values() for heading in full.headings}
    assert all(headings[heading.number] == heading.values() for heading in extract.headings)
    assert shipped_path(name).stat().st_size < 150_000


def test_the_shipped_extracts_load_from_the_project_alone(postgres, usa):
    project = Path(__file__).resolve().parents[1]
    for name, importer, revision, effective in SHIPPED_REVISIONS:
        path = shipped_path(name)
        assert path.is_relative_to(project / "tariffs" / "data" / "hts")
        assert "created" in import_schedule(path, revision, effective, importer)
    assert ScheduleRevision.objects.in_effect_on(usa, dt.date(2025, 9, 12)).name == (
        "2025 Revision 23"
    )
    assert ScheduleRevision.objects.in_effect_on(usa, dt.date(2025, 9, 11)).name == (
        "2025 Basic Edition"
    )


def test_the_demo_loads_the_shipped_schedule_and_a_second_load_changes_nothing(postgres):
    load_demo()
    first = {
        revision.name: (revision.pk, revision.imported_at, revision.checksum)
        for revision in ScheduleRevision.objects.all()
    }
    counts = table_counts()

    load_demo()

    assert {revision for _, _, revision, _ in SHIPPED_REVISIONS} <= set(first)
    assert {
        revision.name: (revision.pk, revision.imported_at, revision.checksum)
        for revision in ScheduleRevision.objects.all()
    } == first
    assert table_counts() == counts
    line = NationalLine.objects.get(revision__name="2025 Revision 23", code="61091000")
    assert (line.general, line.hs6_id) == ("16.5%", "610910")


def test_an_extract_gives_the_lines_of_the_full_file(tmp_path):
    output = tmp_path / "cars.json.gz"
    call_command(
        "extract_schedule",
        str(HTS / "hts_2025_rev_23.json.gz"),
        hs6="870323,870324",
        chapter99="9903.94,9903.99",
        output=str(output),
        stdout=io.StringIO(),
    )
    full = parse_schedule(load_rows(HTS / "hts_2025_rev_23.json.gz"))
    extract = parse_schedule(load_rows(output))

    assert output.read_bytes()[:2] == b"\x1f\x8b"
    wanted = [line.values() for line in full.lines if line.code[:6] in ("870323", "870324")]
    assert [line.values() for line in extract.lines] == wanted
    assert len(wanted) == 15
    assert [heading.number for heading in extract.headings] == [
        heading.number for heading in full.headings if heading.number.startswith("9903.94")
    ]


def test_lines_whose_hs6_is_missing_are_reported_and_kept(postgres, usa):
    output = import_schedule(REV_23_EXTRACT, "2025 Revision 23", dt.date(2025, 9, 12))

    assert NationalLine.objects.filter(hs6__isnull=True).count() == 211
    assert (
        "211 lines have an HS6 subheading that is not in the nomenclature (stored without "
        "one), first 10: 0201.30.02.00, 0201.30.04.00, 0201.30.06.00, 0201.30.10.00, "
        "0201.30.30.00, 0201.30.50, 0201.30.50.15, 0201.30.50.25, 0201.30.50.35, 0201.30.50.45"
    ) in output


def test_with_part_of_the_nomenclature_the_rest_is_reported(postgres, usa, tmp_path):
    part = tmp_path / "cars.csv"
    part.write_text(
        "section,hscode,description,parent,level\n"
        "XVII,87,Vehicles,TOTAL,2\nXVII,8703,Motor cars,87,4\n"
        "XVII,870323,Cars 1500-3000cc,8703,6\nXVII,870324,Cars over 3000cc,8703,6\n"
    )
    call_command("import_hs", str(part), stdout=io.StringIO())

    output = import_schedule(REV_23_EXTRACT, "2025 Revision 23", dt.date(2025, 9, 12))

    assert "196 lines have an HS6 subheading that is not in the nomenclature" in output
    assert NationalLine.objects.filter(hs6_id="870323").count() == 8
    # Loading the nomenclature later links the lines on the next run of the same file.
    call_command("import_hs", str(HS_TABLE), stdout=io.StringIO())
    output = import_schedule(REV_23_EXTRACT, "2025 Revision 23", dt.date(2025, 9, 12))
    assert "updated: 0 lines created, 196 changed, 0 removed" in output
    assert not NationalLine.objects.filter(hs6__isnull=True).exists()
