"""Reminders run from cron may overlap: never a duplicate, never a lock error."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from tracker import agenda
from tracker.engine import EventKind, Order
from tracker.services import Book

TODAY = date(2026, 11, 26)


def test_overlapping_reminders_report_each_stage_once(tmp_path: Path):
    db = tmp_path / "o.db"
    book = Book(db, TODAY)
    for n in range(40):
        book.add_order(Order(str(n), protection_days=30 + n % 5), paid=TODAY - timedelta(days=30))
        book.record(str(n), EventKind.SHIPPED, TODAY - timedelta(days=29))
    command = [sys.executable, "-m", "tracker", "--db", str(db), "--today", TODAY.isoformat(), "remind", "--json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    reported = []
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0 and err == "", err
        reported += [(i["order_no"], i["kind"], i["date"]) for i in json.loads(out)["items"]]
    assert len(reported) == len(set(reported))
    due = agenda.due(db, TODAY, 7).items
    expected = {(i.order_no, i.kind.value, i.date.isoformat()) for i in due}
    assert set(reported) == expected and expected


# Runs the real CLI in-process (one interpreter, so hundreds of commands fit in seconds)
# and prints, per command, a JSON line: the arguments, the exit code and stderr.
CLI_LOOP = """
import contextlib, io, json, sys, time
from pathlib import Path
from tracker.cli import app
from tracker.cli.quick import run as quick

db, role, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
stop = Path(db + ".stop")

def cli(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = quick(["--db", db, "--today", "2026-11-26", *args])
            if code is None:
                app(["--db", db, "--today", "2026-11-26", *args], prog_name="orders")
        except SystemExit as e:
            code = e.code
    print(json.dumps({"args": args, "code": code or 0, "out": out.getvalue(), "err": err.getvalue()}), flush=True)

if role == "remind":
    while not stop.exists():
        cli("remind", "--json")
        time.sleep(0.005)
else:
    for i in range(count):
        number = f"{role}-{i}"
        cli("add", number, "--shipped", "2026-10-01", "--title", f"{role} {i}")  # deadlines in 2-4 days
        cli("extend", number, "10")  # ... moved out of the reminder window
        cli("edit", number, "--note", f"note {i}")
"""


def test_two_writers_and_a_remind_loop_lose_nothing_lock_nothing_repeat_nothing(tmp_path: Path):
    import time

    db = tmp_path / "o.db"
    Book(db, TODAY).refresh()  # created before the race, as it would be in real life
    per_writer = 40

    def start(role: str) -> subprocess.Popen:
        command = [sys.executable, "-c", CLI_LOOP, str(db), role, str(per_writer)]
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    started = time.monotonic()
    reminder = start("remind")
    writers = [start("alice"), start("bob")]
    outputs = [w.communicate(timeout=120) for w in writers]
    Path(f"{db}.stop").touch()
    outputs.append(reminder.communicate(timeout=120))
    elapsed = time.monotonic() - started

    runs = []
    for (out, err), process in zip(outputs, [*writers, reminder]):
        assert process.returncode == 0 and err == "", err
        runs += [json.loads(line) for line in out.splitlines()]
    failed = [r for r in runs if r["code"] != 0 or r["err"]]
    assert failed == []  # every command succeeded: nothing "locked" or "busy" reached anyone
    assert not any("locked" in r["err"] or "busy" in r["err"] for r in runs)

    reminders = [
        (item["order_no"], item["kind"], item["date"])
        for r in runs if r["args"][0] == "remind"
        for item in json.loads(r["out"])["items"]
    ]
    assert len(reminders) == len(set(reminders)), "a reminder was reported twice"
    remind_runs = sum(r["args"][0] == "remind" for r in runs)
    writes = len(runs) - remind_runs
    assert writes == 2 * per_writer * 3

    shown = {o.order.order_no: o for o in Book(db, TODAY).list(include_finished=True)}
    assert sorted(shown) == sorted(f"{w}-{i}" for w in ("alice", "bob") for i in range(per_writer))
    for number, view in shown.items():  # every write of every order is there
        assert [e.kind.value for e in view.events] == ["paid", "shipped", "extended"], number
        assert view.order.note == f"note {number.split('-')[1]}"
    print(f"\n{writes} writes and {remind_runs} remind runs in {elapsed:.1f} s; {len(reminders)} reminders")


def test_a_backup_taken_while_another_process_writes_is_consistent(tmp_path: Path):
    from typer.testing import CliRunner

    from tests.store.books import assert_whole, start_writer
    from tracker.cli import app

    db = tmp_path / "o.db"
    writer = start_writer(db, "w")
    try:
        assert writer.stdout.readline(), writer.stderr.read()  # writing
        counts = []
        for n in range(5):
            copy = tmp_path / f"copy-{n}.db"
            result = CliRunner().invoke(app, ["--db", str(db), "backup", str(copy)])
            assert result.exit_code == 0 and result.stderr == "", result.stderr
            counts.append(len(assert_whole(copy, ("paid", "shipped"))))  # a consistent set of orders
            assert result.stdout.startswith(f"Backed up {counts[-1]} order") and str(copy) in result.stdout
    finally:
        writer.kill()
        writer.communicate(timeout=30)
    assert counts == sorted(counts) and counts[-1] > counts[0]  # taken while the book grew
