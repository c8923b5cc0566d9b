"""import_schedule loads a USITC HTS export into the national schedule models, all or nothing,
and a re-run writes only what differs."""

import csv
import datetime as dt
import gzip
import io
import json
import os
import socket
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Length

from core.models import DataVersion, Economy
from tariffs.models import Chapter99Heading, NationalLine, ScheduleRevision
from tariffs.schedule.read import special_programs
from tariffs.shipped_schedule import shipped_path

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
HTS = DATA / "hts-us"
HS_TABLE = DATA / "hs" / "harmonized-system.csv"
REV_23_EXTRACT = shipped_path("usa-2025-rev-23.json.gz")

# The full revisions, with counts taken from the raw JSON by `raw_counts` (string shapes of
# htsno, no importer code; `test_the_expected_counts_come_from_the_raw_files` re-checks
# them): lines are the 8- and 10-digit numbers outside chapter 99; a 10-digit line inherits
# when an 8-digit line has its first 8 digits and its own General column is blank; the
# lines without an HS6 are all in chapter 98 (503 in each revision).
FULL = {
    "hts_2025_basic.json.gz": (
        "2025 Basic Edition",
        dt.date(2025, 1, 1),
        {"lines": 23_417, "rate_lines": 3_686, "inheriting": 11_558, "own_rate": 8_173,
         "headings": 3_372, "no_hs6": 503},
    ),
    "hts_2025_rev_23.json.gz": (
        "2025 Revision 23",
        dt.date(2025, 9, 12),
        {"lines": 23_457, "rate_lines": 3_689, "inheriting": 11_597, "own_rate": 8_171,
         "headings": 3_557, "no_hs6": 503},
    ),
    "hts_2026_rev_10.json.gz": (
        "2026 Revision 10",
        dt.date(2026, 6, 8),
        {"lines": 23_568, "rate_lines": 3_712, "inheriting": 11_708, "own_rate": 8_148,
         "headings": 2_976, "no_hs6": 503},
    ),
}  # fmt: skip


def import_schedule(source, revision="2025 Revision 23", effective="2025-09-12", importer="USA"):
    out = io.StringIO()
    call_command(
        "import_schedule",
        str(source),
        importer=importer,
        revision=revision,
        effective=str(effective),
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def read_rows(path: Path) -> list:
    data = path.read_bytes()
    return json.loads(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)


def write_rows(path: Path, rows) -> Path:
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def hs6_codes() -> set[str]:
    with HS_TABLE.open(encoding="utf-8") as file:
        return {row["hscode"] for row in csv.DictReader(file) if len(row["hscode"]) == 6}


def raw_counts(path: Path, hs6: set[str]) -> dict:
    """The counts of FULL, from the raw rows alone."""
    numbers = [(row["htsno"].strip(), row) for row in read_rows(path)]
    national = [(n, row) for n, row in numbers if len(n) in (10, 13) and n[:2] != "99"]
    eights = {n for n, _ in national if len(n) == 10}
    tens = [(n, row) for n, row in national if len(n) == 13]
    inheriting = sum(1 for n, row in tens if n[:10] in eights and not row["general"].strip())
    return {
        "lines": len(national),
        "rate_lines": len(eights),
        "inheriting": inheriting,
        "own_rate": len(tens) - inheriting,
        "headings": sum(1 for n, _ in numbers if n.startswith("99")),
        "no_hs6": sum(1 for n, _ in national if n[:4] + n[5:7] not in hs6),
    }


def stored_counts(revision) -> dict:
    lines = NationalLine.objects.filter(revision=revision).annotate(digits=Length("code"))
    return {
        "lines": lines.count(),
        "rate_lines": lines.filter(digits=8).count(),
        "inheriting": lines.exclude(rate_line=F("code")).count(),
        "own_rate": lines.filter(digits=10, rate_line=F("code")).count(),
        "headings": revision.chapter99_headings.count(),
        "no_hs6": lines.filter(hs6__isnull=True).count(),
    }


def table_counts():
    return (
        ScheduleRevision.objects.count(),
        NationalLine.objects.count(),
        Chapter99Heading.objects.count(),
    )


@pytest.fixture
def usa(db):
    return Economy.objects.create(iso3="USA", name="United States", comtrade_code=842)


def test_the_expected_counts_come_from_the_raw_files():
    hs6 = hs6_codes()
    for file_name, (_, _, expected) in FULL.items():
        assert raw_counts(HTS / file_name, hs6) == expected, file_name


@pytest.fixture(scope="class")
def full(django_db_setup, django_db_blocker):
    """The HS nomenclature and the three full revisions, loaded once for the class and rolled
    back after it; each test runs in a savepoint inside that transaction."""
    with django_db_blocker.unblock(), transaction.atomic():
        if connection.vendor != "postgresql":
            message = "needs PostgreSQL: set DATABASE_URL"
            pytest.fail(message) if os.environ.get("REQUIRE_SERVICES") == "1" else pytest.skip(
                message
            )
        call_command("import_hs", str(HS_TABLE), stdout=io.StringIO())
        Economy.objects.create(iso3="USA", name="United States", comtrade_code=842)
        outputs = {
            name: import_schedule(HTS / name, revision, effective)
            for name, (revision, effective, _) in FULL.items()
        }
        yield outputs
        transaction.set_rollback(True)


class TestFullRevisions:
    @pytest.mark.parametrize("file_name", FULL)
    def test_every_line_and_heading_is_stored(self, full, postgres, file_name):
        name, effective, expected = FULL[file_name]
        revision = ScheduleRevision.objects.get(importer__iso3="USA", name=name)
        assert stored_counts(revision) == expected
        assert (revision.effective_from, revision.source) == (effective, file_name)
        assert (revision.line_count, revision.heading_count) == (
            expected["lines"],
            expected["headings"],
        )
        assert len(revision.checksum) == 64
        assert (
            f"imported: {expected['lines']:,} lines created, 0 changed, 0 removed; "
            f"{expected['headings']:,} chapter 99 headings created" in full[file_name]
        )
        # The only lines without an HS6 are chapter 98's, and the output says so.
        assert not revision.lines.filter(hs6__isnull=True).exclude(code__startswith="98").exists()
        assert (
            "503 lines have an HS6 subheading that is not in the nomenclature" in (full[file_name])
        )
        assert "503 of them in chapter 98" in full[file_name]

    @pytest.mark.parametrize(
        ("code", "general"),
        [
            ("87032301", "2.5%"),
            ("61091000", "16.5%"),
            ("10063090", "1.4¢/kg"),
            ("72085100", "Free"),
            ("12019000", "Free"),
        ],
    )
    def test_real_rate_lines(self, full, postgres, code, general):
        for name, _, _ in FULL.values():
            line = NationalLine.objects.get(revision__name=name, code=code)
            assert (line.general, line.rate_line, line.hs6_id) == (general, code, code[:6])

    def test_a_statistical_line_takes_the_rates_of_its_8_digit_line(self, full, postgres):
        line = NationalLine.objects.get(revision__name="2025 Revision 23", code="6109100004")
        assert (line.general, line.rate_line, line.units) == ("16.5%", "61091000", ["doz.", "kg"])
        assert line.special_programs[:3] == ["AU", "BH", "CL"]
        assert not line.sets_rate

    def test_a_10_digit_line_without_an_8_digit_line_sets_its_own_rate(self, full, postgres):
        line = NationalLine.objects.get(revision__name="2025 Revision 23", code="0101300000")
        assert (line.general, line.other, line.rate_line) == ("6.8%", "15%", "0101300000")
        assert line.special_programs == [
            *("A+", "AU", "BH", "CL", "CO", "D", "E", "IL", "JO"),
            *("KR", "MA", "OM", "P", "PA", "PE", "S", "SG"),
        ]

    def test_description_path_runs_from_the_heading_down(self, full, postgres):
        line = NationalLine.objects.get(revision__name="2025 Revision 23", code="87032301")
        assert line.description == (
            "Of a cylinder capacity exceeding 1,500 cc but not exceeding 3,000 cc"
        )
        assert line.description_path == [
            "Motor cars and other motor vehicles principally designed for the transport of "
            "persons (other than those of heading 8702), including station wagons and racing "
            "cars:",
            "Other vehicles, with only spark-ignition internal combustion piston engines:",
        ]
        child = NationalLine.objects.get(revision__name="2025 Revision 23", code="8703230110")
        assert child.description_path == [*line.description_path, line.description]

    def test_chapter_99_rows_are_headings_not_lines(self, full, postgres):
        heading = Chapter99Heading.objects.get(
            revision__name="2025 Revision 23", number="9903.02.73"
        )
        assert heading.general == "15%"
        assert "articles the product of Japan" in heading.description
        assert not NationalLine.objects.filter(code__startswith="99").exists()
        assert not Chapter99Heading.objects.filter(
            revision__name="2025 Basic Edition", number="9903.02.73"
        ).exists()

    def test_the_revision_in_effect_on_a_date(self, full, postgres):
        usa = Economy.objects.get(iso3="USA")
        in_effect = ScheduleRevision.objects.in_effect_on
        assert in_effect(usa, dt.date(2025, 9, 12)).name == "2025 Revision 23"
        assert in_effect(usa, dt.date(2025, 9, 11)).name == "2025 Basic Edition"
        assert in_effect(usa, dt.date(2026, 6, 8)).name == "2026 Revision 10"
        assert in_effect(usa, dt.date(2024, 12, 31)) is None

    def test_a_rerun_changes_nothing_and_says_so(self, full, postgres):
        revision = ScheduleRevision.objects.get(name="2025 Revision 23")
        car = NationalLine.objects.get(revision=revision, code="87032301")
        before = (table_counts(), revision.imported_at, DataVersion.latest())

        output = import_schedule(HTS / "hts_2025_rev_23.json.gz")

        assert "2025 Revision 23" in output
        assert (
            "unchanged: 0 lines created, 0 changed, 0 removed; "
            "0 chapter 99 headings created, 0 changed, 0 removed" in output
        )
        revision.refresh_from_db()
        assert (table_counts(), revision.imported_at, DataVersion.latest()) == before
        assert NationalLine.objects.get(revision=revision, code="87032301").pk == car.pk

    def test_a_corrected_file_updates_only_what_changed(self, full, postgres, tmp_path):
        rows = read_rows(HTS / "hts_2025_rev_23.json.gz")
        asses = next(row for row in rows if row["htsno"] == "0101.30.00.00")
        asses["general"] = "7%"
        rows = [row for row in rows if row["htsno"] != "0101.21.00.20"]
        revision = ScheduleRevision.objects.get(name="2025 Revision 23")
        line = NationalLine.objects.get(revision=revision, code="0101300000")
        lines_before = revision.lines.count()

        output = import_schedule(write_rows(tmp_path / "corrected.json", rows))

        assert (
            "updated: 0 lines created, 1 changed, 1 removed; "
            "0 chapter 99 headings created, 0 changed, 0 removed" in output
        )
        changed = NationalLine.objects.get(revision=revision, code="0101300000")
        assert (changed.pk, changed.general) == (line.pk, "7%")
        assert not revision.lines.filter(code="0101210020").exists()
        assert revision.lines.count() == lines_before - 1
        revision.refresh_from_db()
        assert (revision.source, revision.line_count) == ("corrected.json", lines_before - 1)

    def test_a_rerun_with_another_date_moves_the_revision(self, full, postgres):
        output = import_schedule(HTS / "hts_2025_rev_23.json.gz", effective="2025-09-16")

        assert "0 lines created, 0 changed, 0 removed" in output
        assert "Effective date moved from 2025-09-12 to 2025-09-16." in output
        revision = ScheduleRevision.objects.get(name="2025 Revision 23")
        assert revision.effective_from == dt.date(2025, 9, 16)


def test_a_row_number_is_counted_from_1_with_thousands_separated(postgres, usa, tmp_path):
    rows = read_rows(HTS / "hts_2025_rev_23.json.gz")
    rows[1233]["htsno"] = "8703.2x.01"

    with pytest.raises(
        CommandError, match=r'row 1,234 \(htsno "8703.2x.01"\): htsno: not an HTS number'
    ):
        import_schedule(write_rows(tmp_path / "typo.json", rows))
    assert table_counts() == (0, 0, 0)


def malformed(rows):
    """Ways to spoil the shipped extract's rows; each gives the file's text and the error."""
    at = next(i for i, row in enumerate(rows) if row["htsno"] == "6109.10.00")
    number = f"row {at + 1}"

    def changed(**fields):
        copy = [dict(row) for row in rows]
        copy[at].update(fields)
        return json.dumps(copy)

    no_description = [dict(row) for row in rows]
    del no_description[at]["description"]
    orphan = {"htsno": "7601.10.99.99", "indent": "2", "description": "Orphan", "general": ""}
    return {
        "bad JSON": (json.dumps(rows)[:-30], r"not JSON: .* at line 1, column"),
        "not an array": (json.dumps({"rows": rows}), r"holds an object, not an array of rows"),
        "row not an object": (
            json.dumps([*rows[:at], "6109.10.00", *rows[at + 1 :]]),
            rf"{number}: not an object but a string",
        ),
        "bad htsno": (changed(htsno="87A3.23"), rf'{number} \(htsno "87A3.23"\): htsno: not an'),
        "missing description": (
            json.dumps(no_description),
            rf'{number} \(htsno "6109.10.00"\): description: missing',
        ),
        "indent not a number": (
            changed(indent="two"),
            rf'{number} .*: indent: not a number: "two"',
        ),
        "duplicate htsno": (
            changed(htsno="6109.10.00.04"),
            rf'row {at + 3} .*: htsno: 6109.10.00.04 already appears in row {at + 1}',
        ),
        "10-digit line without a rate or an 8-digit line": (
            json.dumps([*rows[:at], orphan, *rows[at:]]),
            rf'{number} \(htsno "7601.10.99.99"\): general: empty, and no 8-digit line 7601.10.99',
        ),
    }  # fmt: skip


@pytest.mark.parametrize("case", list(malformed(read_rows(REV_23_EXTRACT))))
def test_a_malformed_file_writes_nothing_and_names_the_row(postgres, usa, tmp_path, case):
    import_schedule(REV_23_EXTRACT)
    good = ScheduleRevision.objects.get()
    before = (table_counts(), good.checksum, good.imported_at)
    text, error = malformed(read_rows(REV_23_EXTRACT))[case]
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")

    for name in ("2025 Revision 23", "2025 Revision 24"):
        with pytest.raises(CommandError, match=error):
            import_schedule(bad, revision=name)

    good.refresh_from_db()
    assert (table_counts(), good.checksum, good.imported_at) == before


def test_an_unknown_importer_is_named(postgres, usa):
    with pytest.raises(CommandError, match=r"unknown importer 'XYZ'"):
        import_schedule(REV_23_EXTRACT, importer="XYZ")
    assert table_counts() == (0, 0, 0)


@pytest.fixture
def web(httpserver, monkeypatch):
    # A developer's HTTP proxy must not intercept requests to the local server.
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return httpserver


def test_a_url_is_fetched_gzip_or_plain_whatever_its_name(postgres, usa, web):
    packed = REV_23_EXTRACT.read_bytes()
    # The names lie on purpose: the bytes, not the name, say whether it is compressed.
    web.expect_request("/hts/rev23.json").respond_with_data(packed)
    web.expect_request("/hts/basic.json.gz").respond_with_data(gzip.decompress(packed))
    url = web.url_for("/hts/rev23.json")

    output = import_schedule(url)
    import_schedule(web.url_for("/hts/basic.json.gz"), revision="Plain", effective="2025-01-01")

    assert f"from {url}) imported: 211 lines created" in output
    assert ScheduleRevision.objects.get(name="2025 Revision 23").source == url
    assert ScheduleRevision.objects.get(name="Plain").lines.count() == 211


def test_a_url_that_is_not_found_fails_clearly(postgres, usa, web):
    web.expect_request("/missing.json").respond_with_data("no such file", status=404)

    with pytest.raises(CommandError, match=r"cannot fetch the URL: HTTP 404 NOT FOUND"):
        import_schedule(web.url_for("/missing.json"))
    assert table_counts() == (0, 0, 0)


def test_an_unreachable_url_fails_clearly(postgres, usa, monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    with socket.socket() as probe:  # a port nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(CommandError, match=r"cannot fetch the URL: .*refused"):
        import_schedule(f"http://127.0.0.1:{port}/hts.json")


@pytest.mark.parametrize(
    ("special", "programs"),
    [
        ("Free (A+,AU,BH)", ["A+", "AU", "BH"]),
        ("", []),
        ("Free (A*,CL, E IL,.OM) 5% (KR)", ["A*", "CL", "E", "IL", "OM", "KR"]),
        (
            "No change (A) Free (CA,IL, MX) See U.S. note 3(e) (CO,PE)",
            ["A", "CA", "IL", "MX", "CO", "PE"],
        ),
        ("Free (See U.S. note 4 of this subchapter)", []),
    ],
)  # fmt: skip
def test_special_programs_are_the_codes_in_parentheses(special, programs):
    assert special_programs(special) == programs
