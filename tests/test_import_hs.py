"""The import_hs command loads the HS nomenclature from a CSV file or URL."""

import csv
import functools
import io
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from commodities.models import Commodity

pytestmark = pytest.mark.django_db

HEADER = ("section", "hscode", "description", "parent", "level")
HORSES = [
    ("I", "01", "Animals; live", "TOTAL", "2"),
    ("I", "0101", "Horses, asses, mules and hinnies; live", "01", "4"),
    ("I", "010121", "Horses; live, pure-bred breeding animals", "0101", "6"),
]
FULL_TABLE_CODES = 97 + 1_229 + 5_613


def import_hs(source) -> str:
    out = io.StringIO()
    call_command("import_hs", str(source), stdout=out)
    return out.getvalue()


def write_table(path: Path, rows, *, header=HEADER, encoding="utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def shared_hs_table() -> Path:
    # shared/ sits beside the checkout, on developer machines and in CI alike.
    path = Path(settings.BASE_DIR).parent / "shared" / "data" / "hs" / "harmonized-system.csv"
    assert path.is_file(), f"the shared HS table is missing: {path}"
    return path


@pytest.fixture
def full_table(shared_hs_table) -> str:
    """The whole shared HS table, imported; returns the command's output."""
    return import_hs(shared_hs_table)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass  # keep request logs out of the test output


@pytest.fixture
def web_root(tmp_path, monkeypatch):
    """A folder served by a real HTTP server on loopback; yields (folder, base URL)."""
    # A developer's HTTP proxy must not intercept requests to the local server.
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    folder = tmp_path / "www"
    folder.mkdir()
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # A short poll interval lets shutdown() return at once instead of after half a second.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_full_table_gives_every_chapter_heading_and_subheading(full_table):
    assert Commodity.objects.filter(level=2).count() == 97
    assert Commodity.objects.filter(level=4).count() == 1_229
    assert Commodity.objects.filter(level=6).count() == 5_613
    assert Commodity.objects.count() == FULL_TABLE_CODES


def test_full_table_total_row_is_not_imported(full_table):
    assert not Commodity.objects.filter(code="TOTAL").exists()


def test_full_table_reports_every_code_as_created(full_table):
    assert f"{FULL_TABLE_CODES} codes ({FULL_TABLE_CODES} created, 0 updated, 0 unchanged)" in (
        full_table
    )


def test_full_table_links_subheading_to_heading_to_chapter(full_table):
    subheading = Commodity.objects.get(code="870323")
    assert subheading.parent.code == "8703"
    assert subheading.parent.parent.code == "87"
    assert subheading.parent.parent.parent is None


def test_full_table_keeps_descriptions_with_commas_intact(full_table):
    assert (
        Commodity.objects.get(code="0101").description == "Horses, asses, mules and hinnies; live"
    )


def test_full_table_stores_unspecified_chapter_99_without_a_section(full_table):
    sections = dict(
        Commodity.objects.filter(code__in=["99", "9999", "999999"]).values_list("code", "section")
    )
    assert sections == {"99": "", "9999": "", "999999": ""}
    assert Commodity.objects.get(code="87").section == "XVII"


def test_rerunning_the_full_table_changes_nothing(full_table, shared_hs_table):
    output = import_hs(shared_hs_table)

    assert (
        f"{FULL_TABLE_CODES} codes (0 created, 0 updated, {FULL_TABLE_CODES} unchanged)" in output
    )
    assert Commodity.objects.count() == FULL_TABLE_CODES


def test_changed_description_updates_that_row(tmp_path):
    import_hs(write_table(tmp_path / "before.csv", HORSES))
    renamed = [*HORSES[:2], ("I", "010121", "Horses; pure-bred breeding", "0101", "6")]

    output = import_hs(write_table(tmp_path / "after.csv", renamed))

    assert "(0 created, 1 updated, 2 unchanged)" in output
    assert Commodity.objects.get(code="010121").description == "Horses; pure-bred breeding"


def test_byte_order_mark_at_file_start_is_ignored(tmp_path):
    table = write_table(tmp_path / "bom.csv", HORSES, encoding="utf-8-sig")
    assert table.read_bytes().startswith(b"\xef\xbb\xbf")

    import_hs(table)

    assert Commodity.objects.get(code="01").section == "I"


def test_malformed_code_fails_naming_its_line_and_writes_nothing(tmp_path):
    table = write_table(tmp_path / "bad.csv", [*HORSES, ("I", "01012X", "Typo", "0101", "6")])

    with pytest.raises(CommandError, match=r"line 5: '01012X' is not an HS code"):
        import_hs(table)
    assert Commodity.objects.count() == 0


def test_level_that_disagrees_with_the_code_fails_and_writes_nothing(tmp_path):
    table = write_table(
        tmp_path / "bad.csv", [*HORSES, ("I", "010129", "Horses; other", "0101", "4")]
    )

    with pytest.raises(CommandError, match=r"line 5: level '4' does not match code 010129"):
        import_hs(table)
    assert Commodity.objects.count() == 0


def test_orphan_fails_naming_its_line_and_writes_nothing(tmp_path):
    orphan = ("I", "010231", "Cattle; pure-bred breeding animals", "0102", "6")
    table = write_table(tmp_path / "orphan.csv", [*HORSES, orphan])

    with pytest.raises(CommandError, match=r"line 5: parent 0102 of 010231 is neither in the file"):
        import_hs(table)
    assert Commodity.objects.count() == 0


def test_parent_that_is_not_the_code_minus_two_digits_fails(tmp_path):
    # Ancestors are found by code prefix elsewhere, so the tree must agree with the codes.
    misplaced = ("I", "0102", "Bovine animals; live", "0101", "4")
    table = write_table(tmp_path / "misplaced.csv", [*HORSES, misplaced])

    with pytest.raises(CommandError, match=r"line 5: parent '0101' of 0102 should be 01"):
        import_hs(table)
    assert Commodity.objects.count() == 0


def test_parent_already_in_the_database_is_accepted(tmp_path):
    import_hs(write_table(tmp_path / "chapter.csv", HORSES[:1]))

    import_hs(write_table(tmp_path / "heading.csv", HORSES[1:2]))

    assert Commodity.objects.get(code="0101").parent_id == "01"


def test_url_is_fetched_and_imported(web_root):
    folder, base_url = web_root
    write_table(folder / "hs.csv", HORSES)

    output = import_hs(f"{base_url}/hs.csv")

    assert f"from {base_url}/hs.csv: 3 codes (3 created" in output
    assert Commodity.objects.get(code="010121").parent_id == "0101"


def test_url_that_is_not_found_fails(web_root):
    _, base_url = web_root

    with pytest.raises(CommandError, match="HTTP 404"):
        import_hs(f"{base_url}/missing.csv")


def test_missing_file_fails(tmp_path):
    with pytest.raises(CommandError, match=r"missing.csv: cannot open the file"):
        import_hs(tmp_path / "missing.csv")


def test_missing_column_fails(tmp_path):
    table = write_table(tmp_path / "no-level.csv", [row[:4] for row in HORSES], header=HEADER[:4])

    with pytest.raises(CommandError, match=r"lacks column.* level"):
        import_hs(table)
