"""When the rules change, stored deadlines are recomputed once, in short batches that
survive an interruption; only settings that change deadlines count; a read-only
database is read as it is."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from tracker.store import repo

N = "8123456789012345"


def write_config(config_dir: Path, text: str) -> None:
    (config_dir / "config.toml").write_text(text, encoding="utf-8")


def meta(db: Path) -> dict[str, str]:
    con = sqlite3.connect(db)
    try:
        return dict(con.execute("SELECT key, value FROM meta"))
    finally:
        con.close()


def last_safe_days(db: Path) -> dict[str, str]:
    con = sqlite3.connect(db)
    try:
        return dict(con.execute(
            "SELECT o.order_no, d.date FROM deadlines d JOIN orders o ON o.id = d.order_id"
            " WHERE d.kind = 'last_safe_dispute_day'"
        ))
    finally:
        con.close()


def updated(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT order_no, updated_at FROM orders ORDER BY id").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize(
    "text", ['language = "en"\n', "within = 3\n", "alarms = [1]\n", 'marketplace = "temu"\n', "# a comment\n"]
)
def test_settings_that_do_not_change_deadlines_leave_the_stored_ones_alone(orders, db, isolated_user, text):
    assert orders("add", N, "--shipped", "2026-11-04").code == 0
    before, fingerprint = updated(db), meta(db)["rules_fingerprint"]
    write_config(isolated_user, text)
    for command in (["due"], ["list"], ["add", "2"]):
        assert orders(*command).code == 0
    assert meta(db)["rules_fingerprint"] == fingerprint
    assert updated(db)[:1] == before  # not rewritten by a recompute


def test_the_safety_margin_counts(orders, db, isolated_user):
    assert orders("add", N, "--shipped", "2026-11-04").code == 0
    before = last_safe_days(db)[N]
    write_config(isolated_user, 'language = "en"\nsafety_margin_days = 5\n')
    assert orders("due").code == 0
    assert last_safe_days(db)[N] < before  # three days earlier than with the default 2


@pytest.fixture
def book_of(orders, db):
    def build(count: int) -> list[str]:
        numbers = [f"n{i}" for i in range(count)]
        for number in numbers:
            assert orders("add", number, "--shipped", "2026-11-04").code == 0
        return numbers

    return build


def test_an_interrupted_recompute_keeps_each_batch_and_goes_on_from_there(book_of, db, isolated_user, monkeypatch):
    """A failure in the third batch (as a kill would) rolls back that batch only; the
    fingerprint stays old, so the next command knows the work is unfinished, and it goes
    on from the first order not yet done."""
    from datetime import date

    from tracker.services import Book

    numbers = book_of(25)
    old = last_safe_days(db)
    write_config(isolated_user, "safety_margin_days = 5\n")
    monkeypatch.setattr("tracker.services.RECOMPUTE_BATCH", 10)
    monkeypatch.setattr("tracker.services.RECOMPUTE_SECONDS", 0)  # one batch per transaction
    monkeypatch.setattr("tracker.services.RECOMPUTE_PAUSE", 0)
    real = repo.events_by_order
    seen: list[list[int]] = []

    def dies_in_the_third_batch(session, order_ids):
        seen.append(list(order_ids))
        if len(seen) == 3:
            raise KeyboardInterrupt  # the process stops here, mid-batch
        return real(session, order_ids)

    monkeypatch.setattr(repo, "events_by_order", dies_in_the_third_batch)
    with pytest.raises(KeyboardInterrupt):
        Book(db, date(2026, 11, 26)).refresh()
    now = last_safe_days(db)
    assert [n for n in numbers if now[n] != old[n]] == numbers[:20]  # two batches of 10 kept
    stale = meta(db)
    assert stale["rules_fingerprint"] != Book(db, date(2026, 11, 26)).rules.fingerprint
    monkeypatch.setattr(repo, "events_by_order", real)
    seen.clear()
    monkeypatch.setattr(repo, "events_by_order", lambda s, ids: (seen.append(list(ids)), real(s, ids))[1])
    Book(db, date(2026, 11, 26)).refresh()
    assert [len(ids) for ids in seen] == [5]  # only the rest
    done = last_safe_days(db)
    assert all(done[n] != old[n] for n in numbers) and done == {n: now[numbers[0]] for n in numbers}
    assert "rules_recompute" not in meta(db)
    assert meta(db)["rules_fingerprint"] == Book(db, date(2026, 11, 26)).rules.fingerprint


# ---- a database this command cannot write -------------------------------------------


@contextmanager
def immutable(path: Path):
    """chattr +i: not even root may write it (file modes do not bind root, this does)."""
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if done.returncode:
        pytest.skip("chattr +i is not available here (needs root and a filesystem that has it)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


needs_chattr = pytest.mark.skipif(shutil.which("chattr") is None, reason="needs chattr")


@needs_chattr
@pytest.mark.parametrize("what", ["file", "directory"])
def test_a_read_only_database_with_stale_deadlines_is_read_as_it_is(orders, db, isolated_user, what):
    assert orders("add", N, "--shipped", "2026-11-04").code == 0
    stored = last_safe_days(db)[N]
    write_config(isolated_user, "safety_margin_days = 5\n")  # the stored deadlines are stale now
    with immutable(db if what == "file" else db.parent):
        for command in (["due", "--all"], ["list"], ["export"], ["list", "--json"]):
            result = orders(*command)
            assert result.code == 0, result.stderr
            assert result.stderr.count("\n") == 1 and "read-only" in result.stderr and str(db) in result.stderr
            assert not result.stderr.startswith("orders: error:")
        assert stored in orders("list", "--json").stdout  # the stored date, as it is
        assert orders("add", "2").code == 6  # a write still says it cannot
    assert last_safe_days(db)[N] == stored
    assert orders("due", "--all").stderr == ""  # writable again: recomputed, no note
    assert last_safe_days(db)[N] < stored


@needs_chattr
def test_a_read_only_database_note_is_translated(orders, db, isolated_user):
    assert orders("add", N, "--shipped", "2026-11-04").code == 0
    write_config(isolated_user, "safety_margin_days = 5\n")
    with immutable(db):
        result = orders("--lang", "ru", "due")
    assert result.code == 0 and "read-only" not in result.stderr and result.stderr.count("\n") == 1


@needs_chattr
def test_export_ics_from_a_read_only_database_writes_the_calendar_and_says_it_was_not_remembered(orders, db, tmp_path):
    assert orders("add", N, "--shipped", "2026-11-04").code == 0
    calendar = tmp_path / "orders.ics"
    with immutable(db):
        first = orders("export-ics", "--output", str(calendar))
        assert first.code == 0, first.stderr
        assert first.stderr.count("\n") == 1 and "read-only" in first.stderr and "not remembered" in first.stderr
        assert b"BEGIN:VEVENT" in calendar.read_bytes()
        russian = orders("--lang", "ru", "export-ics", "--output", str(calendar))
        assert russian.code == 0 and "read-only" not in russian.stderr and russian.stderr.count("\n") == 1
    remembered = orders("export-ics", "--output", str(calendar))  # writable again: remembered now
    assert remembered.code == 0 and remembered.stderr == ""
