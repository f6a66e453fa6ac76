"""A large import is staged beside the book and moved in with one short transaction:
other commands can write meanwhile, readers never see half of it, and a SIGKILL at any
moment leaves all of it or none (and the next import cleans up and works)."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.store.books import assert_whole

COUNT = 200


def source_file(tmp_path: Path, count: int = COUNT) -> Path:
    path = tmp_path / "many.csv"
    path.write_text(
        "order_no,title,kind,date\n"
        + "".join(f"n{i},item {i},paid,2026-11-01\nn{i},item {i},shipped,2026-11-03\n" for i in range(count))
    )
    return path


def count_orders(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM orders").fetchone()[0]
    finally:
        con.close()


def staging_files(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if ".import-" in p.name)


def test_other_commands_write_while_an_import_is_staged_and_see_none_of_it(orders, db, tmp_path, monkeypatch):
    from tracker import transfer
    from tracker.services import Book

    assert orders("add", "first", "--shipped", "2026-11-04").code == 0
    monkeypatch.setattr(transfer, "IMPORT_BATCH", 50)
    seen: list[tuple[int, bool]] = []
    real = Book.store_history

    def look_beside(self, session, order, events):  # type: ignore[no-untyped-def]
        if len(seen) in (0, 120):  # in the first batch and in a later one
            con = sqlite3.connect(db, timeout=0, isolation_level=None)
            try:
                con.execute("BEGIN IMMEDIATE")  # fails at once ("locked") if the import held the lock
                visible = con.execute("SELECT count(*) FROM orders").fetchone()[0]
                con.execute("ROLLBACK")
            finally:
                con.close()
            seen.append((visible, True))
        else:
            seen.append((-1, False))
        return real(self, session, order, events)

    monkeypatch.setattr(Book, "store_history", look_beside)
    result = orders("import", str(source_file(tmp_path)))
    assert result.code == 0, result.stderr
    assert [s for s in seen if s[1]] == [(1, True), (1, True)]  # lock free, nothing of the import visible
    assert count_orders(db) == COUNT + 1
    assert staging_files(db) == []
    assert_whole(db)


def test_an_order_added_while_the_import_was_staged_is_a_conflict_and_nothing_is_imported(orders, db, tmp_path, monkeypatch):
    from tracker.services import Book

    assert orders("add", "first").code == 0
    real = Book.store_history
    added = []

    def add_one_beside(self, session, order, events):  # type: ignore[no-untyped-def]
        if not added:
            command = [sys.executable, "-m", "tracker", "--db", str(db), "--today", "2026-11-26", "add", "n7"]
            done = subprocess.run(command, capture_output=True, text=True, timeout=60)
            added.append(done.returncode)
        return real(self, session, order, events)

    monkeypatch.setattr(Book, "store_history", add_one_beside)
    result = orders("import", str(source_file(tmp_path, 20)))
    assert added == [0]
    assert result.code == 5 and "n7" in result.stderr and result.stderr.count("\n") == 1
    assert count_orders(db) == 2  # first and n7: nothing of the import
    assert staging_files(db) == []


IMPORTER = """
import sys
from tracker import transfer
transfer.IMPORT_BATCH = 20
from tracker.cli import main
sys.argv = ["orders", "--db", sys.argv[1], "--today", "2026-11-26", "import", sys.argv[2]]
main()
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_an_import_killed_at_any_moment_leaves_all_or_nothing_and_runs_again(orders, db, tmp_path):
    assert orders("add", "first").code == 0
    source = source_file(tmp_path)
    rng = random.Random(20261201)
    outcomes = []
    for _round in range(4):
        importer = subprocess.Popen(
            [sys.executable, "-c", IMPORTER, str(db), str(source)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        time.sleep(rng.uniform(0.3, 3.0))
        importer.send_signal(signal.SIGKILL)
        importer.communicate(timeout=60)
        present = count_orders(db)
        assert present in (1, COUNT + 1), present  # none of it, or all of it
        assert_whole(db)
        outcomes.append(present)
        if present > 1:
            break
    result = orders("import", str(source))  # again: cleans what the killed ones left, then works
    assert result.code == 0, result.stderr
    assert count_orders(db) == COUNT + 1
    assert staging_files(db) == []
    assert_whole(db)


def test_the_next_import_deletes_what_a_killed_import_left_but_not_a_live_one(orders, db, tmp_path):
    import fcntl

    assert orders("add", "first").code == 0
    dead = tmp_path / "orders.db.import-dead0000"
    live = tmp_path / "orders.db.import-live0000"
    for path in (dead, live, Path(f"{dead}-wal")):
        path.write_bytes(b"")
    holder = open(live, "rb")
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)  # as the importer that staged it does
        assert orders("import", str(source_file(tmp_path, 3))).code == 0
        assert staging_files(db) == [live.name]
    finally:
        holder.close()
