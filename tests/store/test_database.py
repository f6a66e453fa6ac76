"""The database file: creation, versions, pragmas, and files that are not ours."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tracker.store.files import SCHEMA_VERSION

N = "8123456789012345"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_versioned_private_wal_with_foreign_keys(orders, db):
    assert orders("add", N).code == 0
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    fks = con.execute("PRAGMA foreign_key_list(events)").fetchall()
    assert any(row[2] == "orders" and row[6] == "CASCADE" for row in fks)


def test_removing_an_order_removes_its_events_and_deadlines(orders, db):
    orders("add", N, "--shipped", "2026-11-04")
    orders("remove", N, "--yes")
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM deadlines").fetchone()[0] == 0


def test_deadlines_are_stored_on_every_write(orders, db):
    orders("add", N, "--shipped", "2026-11-04")
    orders("extend", N, "10")
    con = sqlite3.connect(db)
    rows = con.execute("SELECT kind, date, act_until FROM deadlines ORDER BY date").fetchall()
    assert rows == [
        ("last_safe_dispute_day", "2027-01-11", "2027-01-28"),
        ("protection_end", "2027-01-13", "2027-01-28"),
        ("grace_cutoff", "2027-01-28", "2027-02-04"),  # the last date is told a week longer
    ]
    shown = json.loads(orders("show", N, "--json").stdout)
    assert [(d["kind"], d["date"]) for d in shown["deadlines"]] == [r[:2] for r in rows]


def test_a_newer_schema_is_refused_and_left_alone(orders, db):
    orders("add", N)
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    before = digest(db)
    for args in (("list",), ("add", "2")):
        result = orders(*args)
        assert result.code == 6 and "newer orders" in result.stderr
    assert digest(db) == before


def every_command(tmp_path: Path) -> list[tuple[str, ...]]:
    """A command line of each kind that opens the database (import: a valid file)."""
    source = tmp_path / "in.csv"
    source.write_text("order_no,kind,date\n77,paid,2026-11-20\n")
    return [
        ("list",), ("add", N), ("show", N), ("due",), ("remind",), ("edit", N, "--title", "x"),
        ("export",), ("import", str(source)), ("backup", str(tmp_path / "copy.db")),
    ]


@pytest.mark.parametrize("content", [b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_file_that_is_not_a_database_is_refused_untouched(orders, db, tmp_path, content):
    db.write_bytes(content)
    for args in every_command(tmp_path):
        result = orders(*args)
        assert result.code == 6, (args, result.stderr)
        assert "not a readable orders database" in result.stderr and result.stderr.count("\n") == 1, args
    assert db.read_bytes() == content
    assert not Path(str(db) + "-wal").exists() and not (tmp_path / "copy.db").exists()


def test_someone_elses_sqlite_database_is_refused(orders, db):
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE photos (id INTEGER)")
    con.commit()
    con.close()
    before = digest(db)
    for args in (("add", N), ("backup", str(db.parent / "copy.db"))):
        result = orders(*args)
        assert result.code == 6 and "not an orders database" in result.stderr
    assert digest(db) == before


def test_a_missing_directory_is_an_error_not_a_mkdir(orders, tmp_path):
    from typer.testing import CliRunner

    from tracker.cli import app

    target = tmp_path / "nope" / "orders.db"
    for args in every_command(tmp_path):
        result = CliRunner().invoke(app, ["--db", str(target), *args])
        assert result.exit_code == 6 and "does not exist" in result.stderr, (args, result.stderr)
        assert result.stderr.count("\n") == 1
    assert not target.parent.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes read-only files")
def test_a_read_only_database_is_a_clear_error(orders, db):
    orders("add", N)
    db.chmod(0o400)
    result = orders("add", "2")
    assert result.code == 6 and "read-only" in result.stderr


def test_read_only_database_even_as_root(orders, db, monkeypatch):
    """Opened read-only at the SQLite level: writes fail with one clear line."""
    orders("add", N)
    from tracker.store import db as store_db

    real = store_db.Store._make_engine

    def read_only_engine(self):
        from sqlalchemy import create_engine

        self.path = Path(self.path)
        return create_engine(f"sqlite:///file:{self.path}?mode=ro&uri=true")

    source = db.parent / "in.csv"
    source.write_text("order_no,kind,date\n2,paid,2026-11-20\n")
    monkeypatch.setattr(store_db.Store, "_make_engine", read_only_engine)
    results = [orders("add", "2"), orders("import", str(source)), orders("edit", N, "--title", "x")]
    monkeypatch.setattr(store_db.Store, "_make_engine", real)
    for result in results:
        assert result.code == 6 and "read-only" in result.stderr and result.stderr.count("\n") == 1
    assert [o["order_no"] for o in json.loads(orders("list", "--json").stdout)] == [N]


def test_default_location_is_a_private_user_data_directory(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from tracker.cli import app

    monkeypatch.delenv("ORDERS_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path))
    result = CliRunner().invoke(app, ["--today", "2026-11-26", "add", N])
    assert result.exit_code == 0, result.stderr
    found = list((tmp_path).rglob("orders.db"))
    assert len(found) == 1
    assert stat.S_IMODE(found[0].parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(found[0].stat().st_mode) == 0o600


def test_deadlines_are_recomputed_once_when_the_rules_change(orders, db, monkeypatch):
    orders("add", N, "--shipped", "2026-11-04")
    import tracker.services as services
    from tracker.rules import load_rules, parse_rules

    text = (Path(services.__file__).parent / "rules" / "marketplaces.toml").read_text()
    changed = parse_rules(text.replace("protection_days = 60", "protection_days = 90"))
    assert changed.fingerprint != load_rules().fingerprint
    monkeypatch.setattr(services, "load_rules", lambda: changed)
    orders("add", "2")  # any write brings the stored deadlines up to date
    con = sqlite3.connect(db)
    stored = con.execute(
        "SELECT d.date FROM deadlines d JOIN orders o ON o.id = d.order_id WHERE o.order_no = ? AND kind = 'protection_end'",
        (N,),
    ).fetchone()[0]
    assert stored == "2027-02-02"
    assert con.execute("SELECT value FROM meta WHERE key = 'rules_fingerprint'").fetchone()[0] == changed.fingerprint


def test_a_store_opened_first_in_a_fresh_process_creates_every_table(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "fresh.db"
    code = f"from pathlib import Path; from tracker.store.db import Store; Store(Path({str(db)!r}), write=True).close()"
    subprocess.run([sys.executable, "-c", code], check=True)
    con = sqlite3.connect(db)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"orders", "events", "deadlines", "meta", "reminders"} <= tables


@pytest.mark.parametrize("command", [["due"], ["remind"], ["list"], ["due", "--json"]])
def test_a_fresh_machine_with_no_data_directory_has_nothing_due(tmp_path, command):
    """The README's quick start runs `orders due` before anything exists."""
    import subprocess
    import sys

    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("ORDERS_DB", None)
    run = subprocess.run([sys.executable, "-m", "tracker", *command], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    directory = tmp_path / "data" / "orders"
    assert directory.is_dir() and stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert not (directory / "orders.db").exists()
