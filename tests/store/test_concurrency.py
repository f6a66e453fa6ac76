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
