"""Upgrades: every released database opens with this code and keeps every row; an
upgrade step runs only after an automatic backup copy, and a failed step changes nothing.

The fixtures in tests/fixtures/ are databases made by each released schema version
(tests/fixtures/make_fixtures.py wrote them; they are never regenerated).
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from tracker.store import db as store_db
from tracker.store import files

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures").glob("schema-v*.db"))
# What the buyer entered or what happened; status, warnings, deadlines and updated_at are
# derived and may be recomputed when the rules change.
KEPT = {
    "orders": "id, order_no, marketplace, title, store, price, currency, ordered, processing_days, "
    "protection_days, expected_delivery, tracking, note, created_at",
    "events": "*",
    "reminders": "*",
}
ALL_TABLES = ("orders", "events", "deadlines", "meta", "reminders")


def version_of(path: Path) -> int:
    return int(re.search(r"schema-v(\d+)\.db$", path.name).group(1))


def rows(path: Path, tables: dict[str, str] | tuple[str, ...] = KEPT) -> dict[str, list[tuple]]:
    columns = tables if isinstance(tables, dict) else dict.fromkeys(tables, "*")
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT {c} FROM {t} ORDER BY rowid").fetchall() for t, c in columns.items()}
    finally:
        con.close()


def user_version(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()


def test_there_is_a_fixture_for_the_current_schema():
    assert files.SCHEMA_VERSION in [version_of(f) for f in FIXTURES]
    assert all(version_of(f) in range(1, files.SCHEMA_VERSION + 1) for f in FIXTURES)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_a_released_database_opens_and_keeps_every_row(orders, db, fixture):
    shutil.copy(fixture, db)
    before = rows(db)
    listed = orders("list", "--all", "--json")
    assert listed.code == 0, listed.stderr
    assert sorted(o["order_no"] for o in json.loads(listed.stdout)) == sorted(r[1] for r in before["orders"])
    assert orders("add", "new-order").code == 0
    assert user_version(db) == files.SCHEMA_VERSION
    after = rows(db)
    assert after["orders"][: len(before["orders"])] == before["orders"]
    assert after["events"][: len(before["events"])] == before["events"]
    for order in json.loads(listed.stdout):  # and each order reads back whole
        shown = orders("show", order["order_no"], "--json")
        assert shown.code == 0 and json.loads(shown.stdout)["events"] == order["events"]
    backups = list(db.parent.glob("*.bak"))
    assert len(backups) == (version_of(fixture) < files.SCHEMA_VERSION)


@pytest.fixture
def next_version(monkeypatch):
    """Pretend this code knows schema SCHEMA_VERSION + 1, with the given upgrade step."""

    def install(step):
        target = files.SCHEMA_VERSION + 1
        monkeypatch.setattr(files, "SCHEMA_VERSION", target)
        monkeypatch.setattr(store_db, "UPGRADES", {**store_db.UPGRADES, target: step})
        return target

    return install


def test_an_upgrade_takes_a_backup_first_and_keeps_every_row(orders, db, next_version):
    fixture = FIXTURES[-1]
    old = version_of(fixture)
    shutil.copy(fixture, db)
    original = rows(db, ALL_TABLES)
    seen_backup = []

    def step(connection):
        seen_backup.append(Path(f"{db}.v{old}.bak").exists())
        connection.exec_driver_sql("ALTER TABLE orders ADD COLUMN colour TEXT")
        connection.exec_driver_sql("UPDATE orders SET colour = 'red'")

    new = next_version(step)
    listed = orders("list", "--all", "--json")  # any command: even a read upgrades first
    assert listed.code == 0, listed.stderr
    assert seen_backup == [True]

    backup = Path(f"{db}.v{old}.bak")
    assert user_version(backup) == old and user_version(db) == new
    assert rows(backup, ALL_TABLES) == original
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert sqlite3.connect(backup).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert rows(db, KEPT) == rows(backup, KEPT)
    assert {r[0] for r in rows(db, {"orders": "colour"})["orders"]} == {"red"}
    assert len(json.loads(listed.stdout)) == len(original["orders"])

    assert orders("add", "after-upgrade").code == 0  # works on, and upgrades only once
    assert user_version(db) == new and seen_backup == [True]
    assert sorted(p.name for p in db.parent.glob("*.bak")) == [backup.name]


def test_a_second_upgrade_never_overwrites_an_earlier_backup(orders, db, next_version):
    shutil.copy(FIXTURES[-1], db)
    old = version_of(FIXTURES[-1])
    earlier = Path(f"{db}.v{old}.bak")
    earlier.write_bytes(b"an earlier copy")
    next_version(lambda connection: None)
    assert orders("list").code == 0
    assert earlier.read_bytes() == b"an earlier copy"
    assert user_version(Path(f"{db}.v{old}-2.bak")) == old


def test_a_failing_upgrade_step_leaves_the_database_as_it_was(orders, db, next_version):
    shutil.copy(FIXTURES[-1], db)
    original = rows(db, ALL_TABLES)

    def step(connection):
        connection.exec_driver_sql("ALTER TABLE orders ADD COLUMN colour TEXT")
        connection.exec_driver_sql("ALTER TABLE no_such_table ADD COLUMN x TEXT")

    next_version(step)
    result = orders("add", "2")
    assert result.code == 6 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("orders: error: cannot upgrade") and ".bak" in result.stderr
    assert "left as it was" in result.stderr
    assert user_version(db) == version_of(FIXTURES[-1])
    assert rows(db, ALL_TABLES) == original


def test_a_missing_upgrade_step_is_refused(orders, db, monkeypatch):
    shutil.copy(FIXTURES[-1], db)
    before = rows(db, ALL_TABLES)
    monkeypatch.setattr(files, "SCHEMA_VERSION", files.SCHEMA_VERSION + 1)
    result = orders("add", "2")
    assert result.code == 6 and "no step from schema" in result.stderr
    assert rows(db, ALL_TABLES) == before and not list(db.parent.glob("*.bak"))
