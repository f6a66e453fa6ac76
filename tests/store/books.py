"""Helpers for the crash and concurrency tests: a writer process, and a whole-book check."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tracker.engine import compute_deadlines, replay
from tracker.rules import load_rules
from tracker.store.fastread import FastStore

# Adds orders in a loop, each in two transactions (add with its payment and shipment,
# then an extension), printing an order's number once both are committed.
WRITER = """
import sys
from datetime import date
from pathlib import Path
from tracker.engine import EventKind, Order
from tracker.services import Book

book = Book(Path(sys.argv[1]), date(2026, 11, 26))
prefix, n = sys.argv[2], 0
while True:
    number = f"{prefix}{n}"
    book.add_order(Order(number, title="x" * 300, note="y" * 300), paid=date(2026, 10, 1), shipped=date(2026, 10, 3))
    book.record(number, EventKind.EXTENDED, date(2026, 11, 1), days=10)
    print(number, flush=True)
    n += 1
"""


def start_writer(db: Path, prefix: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), prefix], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def assert_whole(db: Path, first: tuple[str, ...] = ("paid",)) -> list[str]:
    """integrity_check passes, and every order is whole: its first events are `first`
    (written with the order, in one transaction), and its stored status and deadlines
    are what the engine computes from its stored events (nothing half-written).
    Returns the order numbers."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    rules = load_rules().get("aliexpress")
    store = FastStore.open(db)
    assert store is not None
    try:
        stored = store.orders(include_finished=True, finished=())
    finally:
        store.close()
    for s in stored:
        kinds = [e.kind.value for e in s.events]
        assert tuple(kinds[: len(first)]) == first, (s.order.order_no, kinds)
        assert s.status == replay(s.events).status.value, s.order.order_no
        assert s.deadlines == compute_deadlines(s.order, s.events, rules), s.order.order_no
    return [s.order.order_no for s in stored]
