"""`orders export-ics`: the file, its updates between exports, its errors, its atomic write."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.calendar_support import copy_book, parsed_events, rfc5545_problems, shared_book, without_dtstamp
from tracker.cli.root import app

N = "8123456789012345"


@pytest.fixture
def clock(monkeypatch):
    """The moment the export records as LAST-MODIFIED, moved by hand."""
    now = [datetime(2026, 11, 26, 8, 0, 0, tzinfo=UTC)]
    monkeypatch.setattr("tracker.calendar_export._now", lambda: now[0])

    def advance(hours: int = 1) -> datetime:
        now[0] += timedelta(hours=hours)
        return now[0]

    return advance


@pytest.fixture
def export(orders, tmp_path):
    """Export to a file and return (events by UID, raw bytes)."""

    def run(*args: str, output: Path | None = None, today: str = "2026-11-26") -> tuple[dict, bytes]:
        target = output or tmp_path / "orders.ics"
        result = orders("export-ics", "--output", str(target), *args, today=today)
        assert result.code == 0, result.stderr
        data = target.read_bytes()
        assert rfc5545_problems(data) == []
        return parsed_events(data), data

    return run


def uid(kind: str, order_no: str = N) -> str:
    return f"{kind}-{order_no}@orders.local"


@pytest.fixture
def many(db, tmp_path_factory) -> Path:
    """60 orders with Cyrillic titles and every kind of deadline, copied for this test."""
    return copy_book(shared_book(tmp_path_factory), db)


def test_export_of_many_orders_with_cyrillic_titles(orders, many, tmp_path):
    target = tmp_path / "cal.ics"
    result = orders("export-ics", "-o", str(target))
    assert result.code == 0, result.stderr
    data = target.read_bytes()
    assert rfc5545_problems(data) == []
    events = parsed_events(data)
    assert result.stdout == f"Wrote {len(events)} events to {target}.\n" and result.stderr == ""
    # one event per deadline of the open orders that still have something to do
    import json

    listed = json.loads(orders("list", "--json").stdout)
    expected = {
        uid(d["kind"], o["order_no"]): date.fromisoformat(d["date"])
        for o in listed
        if o["deadlines"] and max(d["date"] for d in o["deadlines"]) >= "2026-11-26"
        for d in o["deadlines"]
    }
    assert len(expected) > 100
    assert {u: e["start"] for u, e in events.items()} == expected
    kinds = {u.split("-")[0] for u in events}
    assert kinds == {
        "ship_by", "last_safe_dispute_day", "protection_end", "grace_cutoff", "refund_due",
        "seller_reply_due", "appeal_cutoff",
    }
    headphones = next(e for e in events.values() if "Беспроводные наушники" in e["summary"])
    assert "What to do: " in headphones["description"]
    assert "https://www.aliexpress.com/p/order/detail.html?orderId=" in headphones["description"]
    assert len(headphones["alarms"]) == 3 and all(text for _, text in headphones["alarms"])
    assert os.stat(target).st_mode & 0o777 == 0o600  # it lists what you bought


def test_exporting_twice_without_changes_gives_the_same_bytes_but_dtstamp(orders, many, export, clock):
    _, first = export()
    clock(5)
    _, second = export()
    assert without_dtstamp(first) == without_dtstamp(second)
    assert b"SEQUENCE:0\r\n" in second and b"SEQUENCE:1\r\n" not in second


def test_stdout_with_dash_is_the_calendar_only(many):
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(many), "--today", "2026-11-26", "export-ics", "-o", "-", "1001"])
    assert result.exit_code == 0, result.stderr
    data = result.stdout_bytes  # the raw bytes, CRLF and all
    assert rfc5545_problems(data) == []
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert {u.split("@")[0].rsplit("-", 1)[1] for u in parsed_events(data)} == {"1001"}
    assert not list(Path.cwd().glob("orders.ics"))


def test_a_moved_date_bumps_sequence_and_last_modified_only_for_that_event(orders, export, clock):
    orders("add", N, "--shipped", "2026-11-04", "--title", "Наушники")
    orders("add", "1002", "--shipped", "2026-11-10")
    before, _ = export()
    assert {e["sequence"] for e in before.values()} == {0}
    created = datetime(2026, 11, 26, 8, 0, 0, tzinfo=UTC)
    assert {e["last_modified"] for e in before.values()} == {created}
    moved_at = clock(3)
    assert orders("extend", N, "15").code == 0
    after, _ = export()
    for kind in ("protection_end", "last_safe_dispute_day", "grace_cutoff"):
        assert after[uid(kind)]["start"] == before[uid(kind)]["start"] + timedelta(days=15)
        assert after[uid(kind)]["sequence"] == 1 and after[uid(kind)]["last_modified"] == moved_at
        untouched = after[uid(kind, "1002")]
        assert untouched["sequence"] == 0 and untouched["last_modified"] == created
    clock(3)
    again, _ = export()
    assert again == after  # nothing moved: nothing changes


def test_new_words_without_a_new_date_move_last_modified_not_sequence(orders, export, clock):
    orders("add", N, "--shipped", "2026-11-04", "--title", "Чехол")
    export()
    renamed_at = clock(2)
    orders("edit", N, "--title", "Чехол для телефона")
    events, _ = export()
    event = events[uid("protection_end")]
    assert "Чехол для телефона" in event["summary"]
    assert event["sequence"] == 0 and event["last_modified"] == renamed_at


def test_deadlines_that_no_longer_apply_are_cancelled_for_one_export(orders, export, clock):
    orders("add", N, "--shipped", "2026-11-04", "--title", "Наушники")
    orders("add", "1002", "--shipped", "2026-11-10")
    orders("add", "1003")
    first, _ = export()
    orders("confirm", N)  # protection end and the last safe day no longer apply
    orders("close", "1002", "--yes")  # nothing applies any more
    orders("remove", "1003", "--yes")
    second, data = export()
    cancelled = {u for u, e in second.items() if e["status"] == "CANCELLED"}
    gone = {uid(k) for k in ("protection_end", "last_safe_dispute_day")}
    gone |= {uid(k, "1002") for k in ("protection_end", "last_safe_dispute_day", "grace_cutoff")}
    gone |= {uid("ship_by", "1003"), uid("refund_due", "1003")}
    assert cancelled == gone
    for u in gone:
        assert second[u]["sequence"] == first[u]["sequence"] + 1
        assert second[u]["start"] == first[u]["start"] and second[u]["alarms"] == []
        assert second[u]["summary"].startswith("Cancelled: ")
    assert second[uid("grace_cutoff")]["status"] == "CONFIRMED"
    assert second[uid("grace_cutoff")]["start"] == date(2026, 12, 11)  # confirmed today + 15
    assert second[uid("grace_cutoff")]["sequence"] == 1
    third, _ = export()
    assert set(third) == {uid("grace_cutoff")}  # published once as cancelled, then forgotten


def test_a_cancelled_deadline_that_applies_again_comes_back_with_a_higher_sequence(orders, export):
    orders("add", N, "--shipped", "2026-11-04")
    export()
    orders("confirm", N)
    assert export()[0][uid("protection_end")]["status"] == "CANCELLED"  # sequence 1
    orders("undo", N)
    back = export()[0][uid("protection_end")]
    assert back["status"] == "CONFIRMED" and back["sequence"] == 2 and len(back["alarms"]) == 3


def test_naming_orders_limits_the_export_and_its_memory(orders, export):
    orders("add", N, "--shipped", "2026-11-04")
    orders("add", "1002", "--shipped", "2026-11-10")
    export()
    only, _ = export("1002")
    assert {u.split("@")[0].split("-")[-1] for u in only} == {"1002"}
    assert not any(e["status"] == "CANCELLED" for e in only.values())  # N is not forgotten
    everything, _ = export()
    assert not any(e["status"] == "CANCELLED" for e in everything.values())


def test_all_adds_open_orders_whose_every_deadline_passed(orders, export):
    orders("add", "1005", "--shipped", "2026-07-01")  # grace cutoff passed in September
    orders("add", "1001", "--shipped", "2026-09-20")  # overdue, but the grace cutoff is ahead
    default, _ = export()
    assert {u.split("@")[0].split("-")[-1] for u in default} == {"1001"}
    assert default[uid("protection_end", "1001")]["start"] == date(2026, 11, 19)  # overdue: kept
    everything, _ = export("--all")
    assert uid("grace_cutoff", "1005") in everything and len(everything) == 6
    again, _ = export()  # not cancelled: it still applies, it only passed
    assert set(again) == set(default)


def test_alarm_option_replaces_the_default_alarms(orders, export):
    orders("add", N, "--shipped", "2026-11-04")
    events, data = export("--alarm", "5", "--alarm", "0")
    assert [t for t, _ in events[uid("protection_end")]["alarms"]] == [
        timedelta(days=-5, hours=9), timedelta(hours=9)
    ]
    assert b"DESCRIPTION:In 5 days: Buyer protection ends: order " + N.encode() in data


def test_quiet_prints_nothing(orders, tmp_path):
    orders("add", N, "--shipped", "2026-11-04")
    result = orders("export-ics", "--quiet", "-o", str(tmp_path / "q.ics"))
    assert result.code == 0 and result.stdout == result.stderr == ""
    assert (tmp_path / "q.ics").read_bytes().count(b"BEGIN:VEVENT") == 3


def test_an_empty_book_gives_an_empty_calendar_and_no_database(orders, db, export):
    events, _ = export()
    assert events == {} and not db.exists()


def test_an_existing_file_keeps_its_permissions_and_a_link_stays_a_link(orders, export, tmp_path):
    target = tmp_path / "shared.ics"
    target.write_text("old")
    target.chmod(0o644)
    link = tmp_path / "link.ics"
    link.symlink_to(target)
    orders("add", N, "--shipped", "2026-11-04")
    export(output=link)
    assert link.is_symlink() and target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert os.stat(target).st_mode & 0o777 == 0o644


def exported_state(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT uid, date, sequence, cancelled FROM calendar_exports ORDER BY uid").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def pending(tmp_path_factory) -> Path:
    """A book exported once, then changed: the next export has cancellations to publish."""
    from tracker.calendar_export import export
    from tracker.engine import EventKind, Order
    from tracker.services import Book

    db = tmp_path_factory.mktemp("pending") / "orders.db"
    book = Book(db, date(2026, 11, 26))
    book.add_order(Order(N), paid=date(2026, 11, 3), shipped=date(2026, 11, 4))
    export(db, book.today)
    book.record(N, EventKind.CONFIRMED, book.today)
    return db


ERRORS = [
    (("--output", "{tmp}/missing/dir/orders.ics"), 6, "directory {tmp}/missing/dir does not exist"),
    (("--output", "{tmp}"), 1, "is a directory"),
    (("--alarm", "61"), 1, "invalid --alarm 61: use days before the deadline, 0 to 60"),
    (("--alarm", "-1"), 1, "invalid --alarm -1"),
    (("--alarm", "soon"), 2, "Invalid value for '--alarm'"),
    (("999",), 4, "no order '999'"),
    (("bad number!",), 1, "invalid order number"),
]


@pytest.mark.parametrize(("args", "code", "words"), ERRORS, ids=[" ".join(e[0]) for e in ERRORS])
def test_errors_are_one_line_and_write_nothing(orders, db, pending, tmp_path, args, code, words):
    copy_book(pending, db)
    before = exported_state(db)
    assert before
    result = orders("export-ics", *[a.format(tmp=tmp_path) for a in args])
    assert result.code == code, result.stderr
    assert result.stderr.startswith("orders: error: ") and result.stderr.count("\n") == 1
    assert words.format(tmp=tmp_path) in result.stderr
    assert [p.name for p in tmp_path.rglob("*") if not p.name.startswith("orders.db")] == []
    assert exported_state(db) == before


def test_a_crash_while_writing_leaves_the_old_file_and_the_memory_intact(orders, db, export, monkeypatch, tmp_path):
    orders("add", N, "--shipped", "2026-11-04")
    _, old = export()
    orders("confirm", N)
    before = exported_state(db)
    target = tmp_path / "orders.ics"

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tracker.outfile.os.replace", crash)
    result = orders("export-ics", "--output", str(target))
    assert result.code == 6  # like every output file that cannot be written
    assert result.stderr == f"orders: error: cannot write {target}: No space left on device\n"
    assert target.read_bytes() == old  # the old calendar, whole
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left
    assert exported_state(db) == before  # the cancellations are still to be published
    monkeypatch.undo()
    events, _ = export()
    assert events[uid("protection_end")]["status"] == "CANCELLED"
    assert events[uid("protection_end")]["sequence"] == 1


def test_a_crash_before_the_rename_never_shows_a_half_written_file(orders, export, monkeypatch, tmp_path):
    orders("add", N, "--shipped", "2026-11-04")
    _, old = export()
    seen = []
    real_replace = os.replace

    def look_then_replace(src, dst):  # the moment before the rename: the new file is whole
        seen.append((Path(src).read_bytes(), Path(dst).read_bytes()))
        real_replace(src, dst)

    monkeypatch.setattr("tracker.outfile.os.replace", look_then_replace)
    orders("extend", N, "10")
    _, new = export()
    assert seen == [(new, old)]


def test_uids_are_stable_and_never_collide():
    from tracker.calendar_export import event_uid

    assert event_uid("ship_by", N) == f"ship_by-{N}@orders.local"
    assert event_uid("grace_cutoff", "AB/12_3") == "grace_cutoff-AB%2F12_3@orders.local"
    assert event_uid("grace_cutoff", "AB_12_3") != event_uid("grace_cutoff", "AB/12/3")


def test_calendar_text_follows_the_language_and_config_alarms(orders, tmp_path, isolated_user):
    (isolated_user / "config.toml").write_text("alarms = [5]\n")
    orders("add", "8123456789012345", "--shipped", "2026-11-04", "--title", "Наушники")
    target = tmp_path / "ru.ics"
    result = orders("--lang", "ru", "export-ics", "--output", str(target))
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("Записано 3 события в ")
    from icalendar import Calendar

    calendar = Calendar.from_ical(target.read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    summaries = {str(e["SUMMARY"]) for e in events}
    assert "Защита покупателя заканчивается: Наушники (8123456789012345)" in summaries
    assert str(calendar["X-WR-CALNAME"]) == "Сроки заказов"
    alarms = [a for e in events for a in e.walk("VALARM")]
    assert {str(a["DESCRIPTION"]).split(":")[0] for a in alarms} == {"Через 5 дней"}


def test_rendering_and_writing_the_file_hold_no_write_lock(orders, db, export, monkeypatch):
    """Another command can write while the calendar is written; the lock is taken only to
    record what was published."""
    orders("add", N, "--shipped", "2026-11-04")
    free = []
    real_replace = os.replace

    def write_beside(src, dst):
        con = sqlite3.connect(db, timeout=0, isolation_level=None)
        try:
            con.execute("BEGIN IMMEDIATE")  # fails at once ("locked") if the export held the lock
            con.execute("ROLLBACK")
            free.append(True)
        finally:
            con.close()
        real_replace(src, dst)

    monkeypatch.setattr("tracker.outfile.os.replace", write_beside)
    events, _ = export()
    assert free == [True]
    assert exported_state(db) == [(u, e["start"].isoformat(), 0, 0) for u, e in sorted(events.items())]


def test_an_export_that_another_export_overtook_plans_again_from_what_that_one_published(
    orders, db, export, monkeypatch, tmp_path
):
    """Export 1 plans from the memory, and while it writes its file, the order moves again
    and export 2 publishes and records that. Export 1 must not record its older plan over
    export 2's (SEQUENCE would go back): it plans again, and the file and the memory agree."""
    import subprocess
    import sys

    orders("add", N, "--shipped", "2026-11-04")
    export()
    orders("extend", N, "10")
    base = [sys.executable, "-m", "tracker", "--db", str(db), "--today", "2026-11-26"]
    calls = []
    real_replace = os.replace

    def overtaken(src, dst):
        if not calls:
            for args in (["extend", N, "5"], ["export-ics", "-q", "-o", str(tmp_path / "other.ics")]):
                done = subprocess.run([*base, *args], capture_output=True, text=True, timeout=60)
                assert done.returncode == 0, done.stderr
        calls.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr("tracker.outfile.os.replace", overtaken)
    events, _ = export()
    assert len(calls) == 2  # written once from the first plan, once from the second
    state = {row[0]: row for row in exported_state(db)}
    for key, event in events.items():
        assert state[key][1:3] == (event["start"].isoformat(), event["sequence"])
    other = parsed_events((tmp_path / "other.ics").read_bytes())
    assert {k: (e["start"], e["sequence"]) for k, e in other.items()} == {
        k: (e["start"], e["sequence"]) for k, e in events.items()
    }  # export 2's dates (moved by 10 + 5 days), not export 1's first plan
    assert events[uid("protection_end")]["sequence"] == 1
