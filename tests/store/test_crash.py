"""Crash safety: a writer killed (SIGKILL) at random moments never leaves a damaged or
half-written database, and never loses a write it had finished."""

from __future__ import annotations

import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.store.books import assert_whole, start_writer

ROUNDS = 5


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_writer_killed_mid_write_leaves_every_order_whole_or_absent(tmp_path: Path):
    db = tmp_path / "orders.db"
    rng = random.Random(20261126)
    finished: list[str] = []
    present: list[str] = []
    for round_no in range(ROUNDS):
        before = set(present)
        writer = start_writer(db, f"r{round_no}-")
        try:
            first = writer.stdout.readline()  # running its write loop
            assert first, writer.stderr.read()
            # A second finished order before the kill, however loaded the machine: the kill
            # then lands in the middle of a loop that is known to be writing.
            first += writer.stdout.readline()
            time.sleep(rng.uniform(0.02, 0.3))
        finally:
            writer.send_signal(signal.SIGKILL)
            out, _ = writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL
        finished += [*first.split(), *out.split()]
        present = assert_whole(db, ("paid", "shipped"))  # opened after the crash, as the next command would
        assert set(finished) <= set(present), "an order the writer had finished was lost"
        half = set(present) - before - set(finished)
        assert len(half) <= 1  # at most the one being written: added, not yet extended
    con = sqlite3.connect(db)
    extended = {r[0] for r in con.execute(
        "SELECT o.order_no FROM orders o JOIN events e ON e.order_id = o.id WHERE e.kind = 'extended'"
    )}
    con.close()
    assert set(finished) <= extended
    assert len(finished) > ROUNDS  # the kills did land while writing


def test_a_full_disk_is_one_clear_line_and_leaves_the_database_intact(orders, db, monkeypatch, tmp_path):
    """SQLITE_FULL, simulated with PRAGMA max_page_count: the import needs more pages
    than the database may grow to, so it fails whole."""
    from sqlalchemy import event

    from tracker.store import db as store_db

    assert orders("add", "1", "--shipped", "2026-11-04").code == 0
    before = orders("export").stdout
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]
    real = store_db.Store._make_engine

    def full_engine(self):
        engine = real(self)

        @event.listens_for(engine, "connect")
        def _limit(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        return engine

    source = tmp_path / "many.csv"
    source.write_text("order_no,title,kind,date\n" + "".join(f"n{i},{'t' * 400},paid,2026-11-01\n" for i in range(300)))
    monkeypatch.setattr(store_db.Store, "_make_engine", full_engine)

    def refused_as_full(result) -> None:
        assert result.code == 6, result.stderr
        assert result.stderr.startswith("orders: error: cannot write database") and "full" in result.stderr
        assert result.stderr.count("\n") == 1

    refused_as_full(orders("import", str(source)))  # all or nothing
    assert orders("export").stdout == before
    for n in range(100):  # single adds fill the free pages, then one is refused whole
        result = orders("add", f"a{n}", "--note", "z" * 1900)
        if result.code:
            break
    refused_as_full(result)
    monkeypatch.setattr(store_db.Store, "_make_engine", real)
    assert f"a{n}" not in assert_whole(db)
    assert orders("add", f"a{n}").code == 0  # room again: works on
