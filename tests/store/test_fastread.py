"""The sqlite3 fast path and the SQLModel path agree, and `due` never loads SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker import agenda
from tracker.engine.after import act_until
from tracker.engine import EventKind, Level, Order, days_left, level_of
from tracker.errors import ConflictError
from tracker.services import Book
from tracker.store.schema import SQLModel

TODAY = date(2026, 11, 26)


def test_fast_path_names_exist_in_the_one_schema():
    from tracker.store import fastread

    tables = SQLModel.metadata.tables
    for table, column in [
        ("deadlines", "order_id"), ("deadlines", "kind"), ("deadlines", "date"), ("deadlines", "estimated"),
        ("deadlines", "basis"), ("deadlines", "act_until"), ("orders", "order_no"), ("orders", "title"),
        ("orders", "marketplace"), ("orders", "warnings"), ("reminders", "stage"), ("reminders", "reported_at"),
        ("meta", "key"), ("meta", "value"),
    ]:
        assert column in tables[table].columns, (table, column)
    for name in ("d.act_until", "o.warnings", "r.stage", "d.basis", "JOIN reminders r"):
        assert name in fastread._DUE_SQL


orders_strategy = st.lists(
    st.tuples(
        st.integers(0, 120),  # paid this many days before today
        st.one_of(st.none(), st.integers(0, 30)),  # shipped this many days after payment
        st.one_of(st.none(), st.integers(1, 90)),  # protection days
        st.sampled_from([None, "confirmed", "delivered", "cancelled", "dispute"]),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(orders_strategy, st.integers(0, 20), st.integers(-40, 40))
def test_due_from_stored_deadlines_equals_the_engine_on_the_spot(tmp_path_factory, specs, within, shift):
    db = tmp_path_factory.mktemp("agree") / "o.db"
    book = Book(db, TODAY)
    for n, (paid_ago, ship_after, protection, then) in enumerate(specs):
        paid = TODAY - timedelta(days=paid_ago)
        shipped = paid + timedelta(days=ship_after) if ship_after is not None else None
        if shipped and shipped > TODAY:
            shipped = TODAY
        book.add_order(Order(str(n), protection_days=protection), paid=paid, shipped=shipped)
        if then == "cancelled" and not shipped:
            book.record(str(n), EventKind.CANCELLED, TODAY)
        elif then in ("confirmed", "delivered") and shipped:
            book.record(str(n), EventKind(then), TODAY)
        elif then == "dispute":
            try:
                book.record(str(n), EventKind.DISPUTE_OPENED, TODAY)
            except ConflictError:  # past the last chance a dispute is refused (tests/cli/test_life.py)
                pass

    later = TODAY + timedelta(days=shift)
    fast = agenda.due(db, later, within)
    expected = []
    live = Book(db, later)
    for view in (live.get(str(n)) for n in range(len(specs))):
        until = act_until(view.deadlines)
        overdue = any(d.date < later <= u for d, u in zip(view.deadlines, until))
        next_live = min((d.date for d in view.deadlines if d.date >= later), default=None)
        for d, u in zip(view.deadlines, until):
            left = days_left(d.date, later)
            if left < 0 and u < later:
                continue  # passed, and nothing follows from it any more
            if left > within and not (overdue and d.date == next_live):
                continue  # beyond the window, unless it is the next date beside an overdue one
            expected.append((d.date, view.order.order_no, d.kind.value, d.explanation, level_of(d.date, later, within)))
    got = [(i.date, i.order_no, i.kind.value, i.explanation, i.level) for i in fast.items]
    assert got == sorted(expected, key=lambda e: (e[0], e[1], e[2]))
    # and the stored orders behind `list` are what the engine computes on the spot
    assert [
        (v.order, v.status, v.events, v.deadlines, v.warnings) for v in Book(db, later).list(include_finished=True)
    ] == [(v.order, v.status, v.events, v.deadlines, v.warnings) for v in (live.get(str(n)) for n in range(len(specs)))]
    overdue_orders = {order_no for _day, order_no, *_rest, level in got if level is Level.OVERDUE}
    assert all(level is not Level.LATER or order_no in overdue_orders for _day, order_no, *_rest, level in got)


def test_due_and_remind_never_import_sqlalchemy_or_parse_rules(tmp_path: Path):
    db = tmp_path / "o.db"
    Book(db, TODAY).add_order(Order("1"), paid=TODAY)
    code = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.__stderr__.write('HEAVY' if any(m in sys.modules for m in "
        "('sqlalchemy', 'sqlmodel', 'rich', 'ics', 'tomllib', 'tracker.rules')) else 'LIGHT'))\n"
        "from tracker.cli import main\nmain()\n"
    )
    for command in (["due"], ["due", "--json"], ["remind"]):
        run = subprocess.run(
            [sys.executable, "-c", code, "--db", str(db), "--today", "2026-11-26", *command],
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stderr
        assert run.stderr.endswith("LIGHT"), (command, run.stderr)


def test_stale_rules_are_recomputed_before_due_reads(tmp_path: Path, monkeypatch):
    from tracker.rules import load_rules, parse_rules

    db = tmp_path / "o.db"
    Book(db, TODAY).add_order(Order("1"), paid=TODAY - timedelta(days=30), shipped=TODAY - timedelta(days=29))
    rules_file = Path(agenda.__file__).parent / "rules" / "marketplaces.toml"
    text = rules_file.read_text()
    changed = text.replace("protection_days = 60", "protection_days = 30")
    assert parse_rules(changed).fingerprint != load_rules().fingerprint
    # what a new version of the package would ship: different rules, same database
    import tracker.paths
    import tracker.rules

    for module in (tracker.paths, tracker.rules):
        monkeypatch.setattr(module, "shipped_rules_text", lambda: changed.encode())
    report = agenda.due(db, TODAY, 7)
    assert [(i.kind.value, i.date) for i in report.items] == [
        ("last_safe_dispute_day", TODAY - timedelta(days=1)),
        ("protection_end", TODAY + timedelta(days=1)),
    ]
