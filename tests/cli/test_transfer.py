"""export, import and backup: round trips, idempotence, rejected rows, files that will not do."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest

from tests.fixtures.make_fixtures import fill
from tracker.services import Book

TODAY = date(2026, 11, 26)
TABLES = ("orders", "events", "deadlines", "meta", "reminders")


@pytest.fixture
def book(db) -> Path:
    """A book with every event kind, undone events, corrected dates and reminders."""
    fill(Book(db, TODAY))
    return db


@pytest.fixture
def other(tmp_path, monkeypatch):
    """The CLI on a second, empty database."""
    from typer.testing import CliRunner

    from tests.conftest import Run
    from tracker.cli import app

    target = tmp_path / "other.db"

    def run(*args: str, input: str | None = None) -> Run:
        result = CliRunner().invoke(app, ["--db", str(target), "--today", "2026-11-26", *args], input=input)
        return Run(result.exit_code, result.stdout, result.stderr)

    run.db = target
    return run


def rows(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
    finally:
        con.close()


def listed(run) -> list[dict]:
    result = run("list", "--all", "--json")
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


def one_error_line(result, code: int, words: str) -> None:
    assert result.code == code, (result.code, result.stderr)
    assert result.stderr.startswith("orders: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert words in result.stderr, result.stderr


# ---- round trips ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_round_trip_reproduces_every_order_and_event_exactly(orders, book, other, tmp_path, fmt):
    exported = orders("export", "--format", fmt)
    assert exported.code == 0, exported.stderr
    source = tmp_path / f"book.{fmt}"
    source.write_text(exported.stdout)

    result = other("import", str(source))
    assert result.code == 0, result.stderr
    assert result.stdout == f"Imported 7 orders from {source}.\n"
    # the same bytes back, in either format, and the same orders as the CLI shows them:
    # facts, status, every event with its recorded/undone moments, deadlines, warnings
    assert other("export", "--format", fmt).stdout == exported.stdout
    assert other("export").stdout == orders("export").stdout
    assert listed(other) == listed(orders)
    undone = [e for o in listed(other) for e in o["events"] if e["undone"]]
    assert len(undone) == 2


def test_an_export_is_deterministic_and_holds_no_derived_data(orders, book):
    first = orders("export").stdout
    assert orders("export").stdout == first
    data = json.loads(first)
    assert set(data) == {"schema_version", "orders"} and data["schema_version"] == 1
    order = data["orders"][0]
    assert "status" not in order and "deadlines" not in order
    assert set(order["events"][0]) == {"kind", "date", "days", "value", "recorded_at", "undone_at"}


def test_importing_the_same_file_twice_changes_nothing(other, orders, book, tmp_path):
    source = tmp_path / "book.json"
    source.write_text(orders("export").stdout)
    assert other("import", str(source)).code == 0
    before = rows(other.db)
    again = other("import", str(source))
    assert again.code == 0 and again.stdout == f"Imported 0 orders from {source}; 7 already there, unchanged.\n"
    assert rows(other.db) == before


def test_import_into_a_book_that_has_other_orders_adds_only_the_new_ones(orders, book, other, tmp_path):
    source = tmp_path / "book.json"
    source.write_text(orders("export").stdout)
    assert other("add", "other-order").code == 0
    assert other("import", str(source)).code == 0
    assert len(listed(other)) == 8


def test_import_reads_standard_input_and_csv_without_optional_columns(other):
    csv_text = "order_no,kind,date,days\n9001,paid,2026-11-01,\n9001,shipped,2026-11-02,\n9001,extended,2026-11-20,10\n"
    result = other("import", "-", input=csv_text)
    assert result.code == 0, result.stderr
    shown = json.loads(other("show", "9001", "--json").stdout)
    assert [(e["kind"], e["days"]) for e in shown["events"]] == [("paid", None), ("shipped", None), ("extended", 10)]
    assert shown["marketplace"] == "aliexpress" and all(e["recorded_at"] for e in shown["events"])


def test_the_output_of_list_json_imports_too(orders, other, tmp_path):
    orders("add", "7001", "--shipped", "2026-11-04", "--title", "hub")
    orders("extend", "7001", "5")
    source = tmp_path / "list.json"
    source.write_text(orders("list", "--all", "--json").stdout)
    assert other("import", str(source)).code == 0
    assert listed(other) == listed(orders)


def test_everything_list_all_json_prints_imports_back_to_the_same_book(orders, book, other, tmp_path):
    # the book has undone events, edits, extensions, a resolved dispute and a tracking update
    printed = listed(orders)
    assert any(e["undone"] for o in printed for e in o["events"])
    source = tmp_path / "list.json"
    source.write_text(orders("list", "--all", "--json").stdout)
    result = other("import", str(source))
    assert result.code == 0, result.stderr
    assert other("export").stdout == orders("export").stdout
    assert listed(other) == printed


# ---- rejected rows -----------------------------------------------------------------

BAD_JSON = """{"schema_version": 1, "orders": [
  {"order_no": "ok-1", "events": [{"kind": "paid", "date": "2026-11-01"}]},
  {"order_no": "bad kind", "events": [{"kind": "paid", "date": "2026-11-01"}]},
  {"order_no": "2", "events": [
      {"kind": "paid", "date": "2026-11-01"},
      {"kind": "teleported", "date": "2026-11-02"}]},
  {"order_no": "3", "events": [{"kind": "paid", "date": "2026-13-01"}]},
  {"order_no": "4", "colour": "red", "events": [{"kind": "paid", "date": "2026-11-01"}]},
  {"order_no": "5", "events": [{"kind": "paid", "date": "2026-11-01"}, {"kind": "confirmed", "date": "2026-11-02"}]},
  {"order_no": "6", "events": [{"kind": "paid", "date": "2027-11-01"}]},
  {"order_no": "7", "events": []},
  {"order_no": "ok-1", "events": [{"kind": "paid", "date": "2026-11-01"}]},
  {"order_no": "8", "price": "-3", "events": [{"kind": "paid", "date": "2026-11-01"}]},
  {"order_no": "9", "events": [{"kind": "extended", "date": "2026-11-01", "days": 0}]},
  "not an order",
  {"order_no": "ok-2", "events": [{"kind": "paid", "date": "2026-11-01"}, {"kind": "shipped", "date": "2026-11-03"}]}
]}
"""
BAD_JSON_REPORT = [
    "line 3: invalid order number 'bad kind'",
    "line 6: unknown event kind 'teleported'",
    "line 7: date must be a date as YYYY-MM-DD",
    "line 8: unknown field 'colour'",
    "line 9: order 5: cannot record confirmation of receipt on 2026-11-02: the order has not been shipped",
    "line 10: payment: the date 2027-11-01 is after today",
    "line 11: order 7 has no events",
    "line 12: order ok-1 appears again (first on line 2)",
    "line 13: invalid price '-3'",
    "line 14: an extension must be between 1 and 365 days, got 0",
    "line 15: an order must be a JSON object",
]


def test_a_file_with_errors_reports_each_with_its_line_and_imports_nothing(other, tmp_path):
    source = tmp_path / "bad.json"
    source.write_text(BAD_JSON)
    result = other("import", str(source))
    assert result.code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == len(BAD_JSON_REPORT) + 1
    for line, expected in zip(lines, BAD_JSON_REPORT):
        assert line.startswith(expected), (line, expected)
    assert lines[-1] == (
        f"orders: error: {source}: 11 of 13 orders rejected, nothing imported "
        "(fix them, or use --skip-bad to import the other 2)"
    )
    assert result.stdout == "" and not other.db.exists()


def test_skip_bad_imports_the_good_orders_and_still_reports_the_bad(other, tmp_path):
    source = tmp_path / "bad.json"
    source.write_text(BAD_JSON)
    result = other("import", str(source), "--skip-bad")
    assert result.code == 0
    assert len(result.stderr.splitlines()) == len(BAD_JSON_REPORT)
    assert result.stdout == f"Imported 2 orders from {source}; 11 rejected and skipped.\n"
    assert [o["order_no"] for o in listed(other)] == ["ok-1", "ok-2"]


def test_skip_bad_with_nothing_importable_reports_and_succeeds(other, tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text("order_no,kind,date\n1,paid,someday\n2,flew,2026-11-01\n")
    result = other("import", str(source), "--skip-bad")
    assert result.code == 0 and len(result.stderr.splitlines()) == 2
    assert result.stdout == f"Imported 0 orders from {source}; 2 rejected and skipped.\n"
    assert not other.db.exists()


def test_csv_errors_name_the_row_even_after_a_cell_that_spans_lines(other, tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text(
        "order_no,title,kind,date,days\n"
        '10,"two\nlines",paid,2026-11-01,\n'  # lines 2-3
        '10,"two\nlines",shipped,someday,\n'  # lines 4-5
        "11,a,paid,2026-11-01,\n"
        "11,b,shipped,2026-11-02,\n"  # line 7
        "12,a,paid,2026-11-01\n"  # line 8: a cell short
        "13,,paid,2026-11-01,\n"
    )
    result = other("import", str(source))
    assert result.code == 1
    assert result.stderr.splitlines()[:3] == [
        'line 4: date must be a date as YYYY-MM-DD, got "someday"',
        "line 7: the order's details differ from those on line 6 (same order number)",
        "line 8: 4 cells, but the header has 5 columns",
    ]


def test_an_order_stored_with_other_content_is_a_conflict(orders, db, tmp_path):
    orders("add", "1001", "--title", "mine")
    source = tmp_path / "theirs.csv"
    source.write_text("order_no,title,kind,date\n1001,theirs,paid,2026-11-26\n2002,,paid,2026-11-26\n")
    before = rows(db)
    result = orders("import", str(source))
    assert result.code == 5  # only conflicts: the conflict exit code
    assert result.stderr.splitlines()[0].startswith("line 2: order 1001 is already in the order book with other")
    assert rows(db) == before


def test_an_order_whose_deadlines_would_overflow_is_rejected_not_a_crash(other, tmp_path):
    events = [{"kind": "paid", "date": "2026-01-01"}, {"kind": "shipped", "date": "2026-01-02"}]
    events += [{"kind": "extended", "date": "2026-11-01", "days": 365}] * 8000  # 8,000 years
    source = tmp_path / "huge.json"
    source.write_text(json.dumps({"orders": [{"order_no": "1", "events": events}]}))
    result = other("import", str(source))
    assert result.code == 5
    assert result.stderr.splitlines()[0] == "line 1: order 1: its deadlines would fall after the year 9999"


# ---- files that will not do --------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "no such file"),
        (b"", "is empty"),
        (b"\xff\xfe\x00o\x00r", "is not UTF-8 text (byte 1)"),
        (b"SQLite format 3\x00" + bytes(200), "is not a text file"),
        (b'{"orders": [\n{"order_no": 1,}\n]}', "line 2: not valid JSON"),
        (b'{"schema_version": 2, "orders": []}', "exported by a newer orders (format 2"),
        (b'{"rows": []}', "unknown field 'rows'"),
        (b"42", 'expected {"orders": [...]} or a list of orders'),
        (b"order_no,kind,date,colour\n", "line 1: unknown column 'colour'"),
        (b"order_no,date\n1,2026-11-01\n", "no column 'kind'"),
        (b'order_no,kind,date\n1,paid,"2026', "not valid CSV"),
    ],
)
def test_a_file_that_is_not_an_export_is_one_clear_line(other, tmp_path, content, words):
    source = tmp_path / "in.txt"
    if content is not None:
        source.write_bytes(content)
    result = other("import", str(source), *(["--format", "json"] if content and content[:1] in b"{4" else []))
    one_error_line(result, 1, words)
    assert not other.db.exists()


def _one_order(**fields) -> str:
    event = {"kind": "paid", "date": "2026-11-01", **fields.pop("event", {})}
    return json.dumps({"orders": [{"order_no": "1", **fields, "events": [event]}]}, indent=1)


@pytest.mark.parametrize("field", ["recorded_at", "undone_at"])
@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "3000-01-01T00:00:00"])
def test_a_moment_out_of_range_is_rejected_naming_the_field_and_line(other, tmp_path, field, moment):
    source = tmp_path / "in.json"
    source.write_text(_one_order(event={field: moment}))
    result = other("import", str(source))
    assert result.code == 1, result.stderr
    assert result.stderr.splitlines()[0] == (
        f"line 6: {field}: date '{moment}' is out of range: use a day from 1970-01-01 to 2999-12-31"
    )
    assert not other.db.exists()


@pytest.mark.parametrize("field", ["price", "processing_days", "protection_days", "title"])
def test_a_number_too_long_for_python_is_one_clear_line(other, tmp_path, field):
    source = tmp_path / "in.json"
    source.write_text(_one_order(**{field: 0}).replace('": 0', '": -' + "9" * 5000))
    one_error_line(other("import", str(source)), 1, "line 5: a number of more than 100 digits")
    assert not other.db.exists()


def test_numbers_of_any_length_in_csv_or_as_text_are_rejected_orders(other, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(f"order_no,price,processing_days,kind,date,days\n1,{'9' * 5000},,paid,2026-11-01,\n"
                      f"2,,{'9' * 5000},paid,2026-11-01,\n3,,,extended,2026-11-01,{'9' * 5000}\n")
    result = other("import", str(source))
    assert result.code == 1
    lines = result.stderr.splitlines()
    assert [line[:7] for line in lines[:3]] == ["line 2:", "line 3:", "line 4:"]
    assert "invalid price" in lines[0] and "processing_days must be a whole number" in lines[1]
    assert "days must be a whole number" in lines[2] and "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["1e400", "-1e400", "NaN", "Infinity", "-0.0", "1e-400", "12.5"])
def test_json_numbers_that_are_not_whole_are_rejected_orders(other, tmp_path, value):
    source = tmp_path / "in.json"
    source.write_text(_one_order(processing_days=0).replace('"processing_days": 0', f'"processing_days": {value}'))
    result = other("import", str(source))
    assert result.code == 1 and result.stderr.startswith("line 3: processing_days must be a whole number"), result.stderr


def test_dates_in_a_file_take_ascii_digits_only_as_typed_dates_do(orders, other, tmp_path):
    for digits in ("٢٠٢٦-١١-٠١", "２０２６-１１-０１"):
        source = tmp_path / "in.csv"
        source.write_text(f"order_no,kind,date\n1,paid,{digits}\n")
        result = other("import", str(source))
        assert result.code == 1 and result.stderr.startswith("line 2: date must be a date as YYYY-MM-DD"), result.stderr
        typed = orders("add", "2", "--paid", digits)
        one_error_line(typed, 1, "write its digits as 0-9")
    source.write_text("order_no,kind,date,days\n1,paid,2026-11-01,\n1,extended,2026-11-02,١٠\n")
    assert other("import", str(source)).stderr.startswith("line 3: days must be a whole number")


def test_json_nested_deeper_than_either_parser_goes_is_one_clear_line(other, tmp_path):
    source = tmp_path / "in.json"
    for depth in (500, 990, 100_000):
        source.write_text('{"orders": [{"order_no": "1", "title": ' + "[" * depth + "]" * depth + ', "events": []}]}')
        result = other("import", str(source))
        assert result.code == 1 and "Traceback" not in result.stderr
        assert result.stderr.splitlines()[-1].startswith("orders: error: "), result.stderr


def test_a_file_over_the_import_limit_is_refused_unread_from_a_file_or_standard_input(other, tmp_path):
    import subprocess
    import sys

    from tracker.transfer import MAX_IMPORT_MB

    source = tmp_path / "huge.json"
    with source.open("wb") as file:  # sparse: no disk space, and refused before a byte is read
        file.truncate(MAX_IMPORT_MB * 1024 * 1024 + 1)
    one_error_line(other("import", str(source)), 1, f"huge.json is larger than {MAX_IMPORT_MB} MB")
    with source.open("rb") as stdin:
        piped = subprocess.run(
            [sys.executable, "-m", "tracker", "--db", str(other.db), "--today", "2026-11-26", "import", "-"],
            stdin=stdin, capture_output=True, text=True, timeout=60,
        )
    assert piped.returncode == 1 and piped.stdout == ""
    assert piped.stderr == (
        f"orders: error: standard input is larger than {MAX_IMPORT_MB} MB, the most import reads at once: "
        "split it into smaller files\n"
    )
    assert not other.db.exists()


def test_import_of_a_directory_is_refused(other, tmp_path):
    one_error_line(other("import", str(tmp_path)), 1, "is a directory")


# ---- export targets ----------------------------------------------------------------


def test_export_output_is_private_and_replaced_whole(orders, book, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    result = orders("export", "--output", str(target))
    assert result.code == 0 and result.stdout == f"Exported 7 orders to {target}.\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text() == orders("export").stdout
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp file left


def test_export_to_a_missing_directory_or_a_directory_is_refused(orders, book, tmp_path):
    one_error_line(orders("export", "-o", str(tmp_path / "nope" / "out.json")), 6, "does not exist")
    one_error_line(orders("export", "-o", str(tmp_path)), 1, "is a directory")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_export_to_a_full_disk_is_one_clear_line(orders, book):
    one_error_line(orders("export", "-o", "/dev/full"), 6, "No space left on device")


def test_export_of_an_empty_or_missing_book(orders):
    assert json.loads(orders("export").stdout) == {"schema_version": 1, "orders": []}
    assert orders("export", "-f", "csv").stdout.startswith("order_no,marketplace,")


# ---- backup ------------------------------------------------------------------------


def test_backup_beside_the_database_is_a_private_consistent_copy(orders, book, other):
    result = orders("backup")
    assert result.code == 0, result.stderr
    copies = sorted(book.parent.glob("orders-*.db"))
    assert len(copies) == 1 and result.stdout == f"Backed up 7 orders to {copies[0]}.\n"
    import re

    assert re.fullmatch(r"orders-\d{8}-\d{6}\.db", copies[0].name)
    assert stat.S_IMODE(copies[0].stat().st_mode) == 0o600
    con = sqlite3.connect(copies[0])
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    con.close()
    assert rows(copies[0]) == rows(book)


def test_backup_into_a_directory_and_to_a_named_file(orders, book, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    assert orders("backup", str(folder)).code == 0
    assert len(list(folder.glob("orders-*.db"))) == 1
    target = folder / "mine.db"
    assert orders("backup", str(target)).code == 0
    one_error_line(orders("backup", str(target)), 5, "already exists")
    assert orders("backup", str(target), "--force").code == 0
    assert rows(target) == rows(book)


@pytest.mark.parametrize(
    ("setup", "target", "code", "words"),
    [
        ("book", "nope/copy.db", 6, "does not exist"),
        ("book", "orders.db", 1, "the database itself"),
        ("garbage", "copy.db", 6, "not a readable orders database"),
        ("someone else's", "copy.db", 6, "not an orders database"),
    ],
)
def test_backup_refusals_are_one_clear_line(orders, db, tmp_path, setup, target, code, words):
    if setup == "book":
        orders("add", "1")
    elif setup == "garbage":
        db.write_bytes(b"not a database" * 100)
    elif setup == "someone else's":
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE photos (id INTEGER)")
        con.close()
    before = db.read_bytes() if db.exists() else None
    one_error_line(orders("backup", str(tmp_path / target)), code, words)
    assert (db.read_bytes() if db.exists() else None) == before
    assert not (tmp_path / "copy.db").exists()


def test_a_minimal_file_without_a_payment_gets_it_as_add_defaults_it(orders, tmp_path):
    """The README: only order_no, kind and date are needed; `add --shipped` pays on that day."""
    source = tmp_path / "m.csv"
    source.write_text("order_no,kind,date\r\n1,shipped,2026-11-01\r\n2,shipped,2026-11-03\r\n2,delivered,2026-11-20\r\n")
    first = orders("import", str(source))
    assert first.code == 0, first.stderr
    shown = json.loads(orders("show", "1", "--json").stdout)
    assert [(e["kind"], e["date"]) for e in shown["events"]] == [("paid", "2026-11-01"), ("shipped", "2026-11-01")]
    again = orders("import", str(source))
    assert again.code == 0 and "2 already there, unchanged" in again.stdout
