"""Build benchmark databases: N orders, of which `due` (default 50) have deadlines in the
next 7 days. Of the rest, half are closed and half are in transit with every deadline
more than a week ahead, so `orders due` must skip them without reading them.

Orders go through the real engine; rows are written in bulk (one transaction) through
the same schema the application creates.
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tracker.engine import Event, EventKind, Order, compute_deadlines, find_warnings, replay
from tracker.rules import load_rules
from tracker.services import Book

TODAY = date(2026, 11, 26)


def order_events(n: int, due: int, rng: random.Random) -> tuple[Order, list[Event]]:
    if n < due:  # last safe dispute day within the next 7 days
        shipped = TODAY - timedelta(days=58 - rng.randint(0, 7))
        events = [Event(EventKind.PAID, shipped - timedelta(days=2)), Event(EventKind.SHIPPED, shipped)]
    elif n % 2:  # in transit, every deadline more than a week ahead
        shipped = TODAY - timedelta(days=rng.randint(0, 45))
        events = [Event(EventKind.PAID, shipped - timedelta(days=2)), Event(EventKind.SHIPPED, shipped)]
    else:  # finished long ago
        shipped = TODAY - timedelta(days=rng.randint(100, 1000))
        events = [
            Event(EventKind.PAID, shipped - timedelta(days=2)),
            Event(EventKind.SHIPPED, shipped),
            Event(EventKind.CONFIRMED, shipped + timedelta(days=20)),
            Event(EventKind.CLOSED, shipped + timedelta(days=40)),
        ]
    order = Order(f"8{n:015d}", title=f"Item {n}", price="9.99", currency="USD")
    return order, events


def build(path: Path, orders: int, due: int = 50, seed: int = 1) -> Path:
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    for leftover in tmp.parent.glob(tmp.name + "*"):
        leftover.unlink()
    book = Book(tmp, TODAY)
    book._store(write=True).close()  # the application's own schema, version and fingerprint
    rules = load_rules().get("aliexpress")
    rng = random.Random(seed)
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    con = sqlite3.connect(tmp)
    con.execute("BEGIN")
    for n in range(orders):
        order, events = order_events(n, due, rng)
        state = replay(events)
        cur = con.execute(
            "INSERT INTO orders (order_no, marketplace, title, price, currency, status, warnings, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (order.order_no, order.marketplace, order.title, order.price, order.currency, state.status.value,
             json.dumps([w.__dict__ for w in find_warnings(order, events, rules)]), now, now),
        )
        order_id = cur.lastrowid
        con.executemany(
            "INSERT INTO events (order_id, kind, date, days, value, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
            [(order_id, e.kind.value, e.date.isoformat(), e.days, e.value, now) for e in events],
        )
        deadlines = compute_deadlines(order, events, rules)
        act_until = max((d.date for d in deadlines), default=date.min).isoformat()
        con.executemany(
            "INSERT INTO deadlines (order_id, kind, date, estimated, basis, act_until) VALUES (?, ?, ?, ?, ?, ?)",
            [(order_id, d.kind.value, d.date.isoformat(), d.estimated, json.dumps(d.basis), act_until) for d in deadlines],
        )
    con.execute("COMMIT")
    con.execute("ANALYZE")
    con.close()
    tmp.rename(path)
    return path


def taskwarrior_data(directory: Path, orders: int, due: int = 50, seed: int = 1) -> Path:
    """The same orders as Taskwarrior tasks, each due on its order's next deadline."""
    import subprocess

    if (directory / "done").exists():
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "taskrc").write_text(f"data.location={directory}\nconfirmation=off\nverbose=nothing\ncolor=off\n")
    rng = random.Random(seed)
    rules = load_rules().get("aliexpress")
    tasks = []
    for n in range(orders):
        order, events = order_events(n, due, rng)
        deadlines = compute_deadlines(order, events, rules)
        task = {"description": f"{order.title} {order.order_no}", "status": "pending", "entry": "20261101T000000Z"}
        if deadlines:
            task["due"] = deadlines[0].date.strftime("%Y%m%dT000000Z")
        else:
            task["status"] = "completed"
            task["end"] = "20261101T000000Z"
        tasks.append(task)
    source = directory / "import.json"
    source.write_text(json.dumps(tasks))
    env = {"TASKRC": str(directory / "taskrc"), "PATH": "/usr/bin:/bin", "HOME": str(directory)}
    subprocess.run(["task", "import", str(source)], env=env, check=True, capture_output=True)
    (directory / "done").write_text("ok")
    return directory
