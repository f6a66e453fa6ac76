"""Paths a user may give or meet: a fresh machine, the database as an output, names with
URL syntax in them, names too long, symbolic link loops, and leftovers of a killed write.

Everything runs through the real entry point (`tracker.cli.main`, so `due`, `remind` and
completion take their quick path), in this process or in a subprocess where the umask or
a SIGKILL must be real.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import TODAY, Run

N = "8123456789012345"
LONG_NAME = "x" * 300  # over the 255 bytes a file name may have


@pytest.fixture
def main(monkeypatch, capsys):
    """`orders ARGS...` through tracker.cli.main, as the console script runs it."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("ORDERS_TODAY", TODAY)

    def run(*args: str) -> Run:
        from tracker.cli import main as entry

        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["orders", *args])
        try:
            entry()
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        out = capsys.readouterr()
        return Run(code, out.out, out.err)

    return run


@pytest.fixture
def fresh_home(tmp_path, monkeypatch) -> Path:
    """A user who never ran orders: no ~/.local at all."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    return home


def one_error_line(result: Run, code: int, words: str = "") -> None:
    assert result.code == code, (result.code, result.stderr)
    assert result.stderr.startswith("orders: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def files_in(directory: Path) -> set[str]:
    return {p.name for p in directory.iterdir()}


# ---- a fresh machine ------------------------------------------------------------------


def test_export_ics_works_first_on_a_fresh_machine(main, fresh_home, tmp_path):
    result = main("export-ics", "--output", "cal.ics")
    assert result.code == 0, result.stderr
    assert result.stderr.count("\n") == 1 and "no events" in result.stderr  # a note, not an error
    calendar = (tmp_path / "cal.ics").read_bytes()
    assert calendar.startswith(b"BEGIN:VCALENDAR") and b"BEGIN:VEVENT" not in calendar
    data = fresh_home / ".local" / "share" / "orders"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700


def test_export_works_first_on_a_fresh_machine(main, fresh_home, tmp_path):
    result = main("export")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["orders"] == []
    assert result.stderr.count("\n") == 1 and "empty" in result.stderr
    russian = main("--lang", "ru", "export")
    assert russian.code == 0 and russian.stderr.count("\n") == 1 and russian.stderr != result.stderr
    result = main("export", "--format", "csv", "--output", "book.csv")
    assert result.code == 0, result.stderr
    assert (tmp_path / "book.csv").read_text().startswith("order_no,")


def test_backup_of_no_database_says_there_is_nothing_to_back_up(main, fresh_home, tmp_path):
    for args in (("backup",), ("backup", "copy.db"), ("backup", str(tmp_path))):
        before = files_in(tmp_path)
        result = main(*args)
        assert result.code == 0, result.stderr
        assert result.stdout == "" and result.stderr.count("\n") == 1 and "Nothing to back up" in result.stderr
        assert files_in(tmp_path) == before
    assert list(fresh_home.rglob("*.db")) == []


@pytest.mark.parametrize(
    "args",
    [("add", N), ("due",), ("remind",), ("list",), ("list", "--all", "--json"), ("import", "in.json")],
)
def test_whatever_runs_first_works(main, fresh_home, tmp_path, args):
    (tmp_path / "in.json").write_text(json.dumps({"schema_version": 1, "orders": [{"order_no": N, "events": [{"kind": "paid", "date": "2026-11-20"}]}]}))
    result = main(*args)
    assert result.code == 0, result.stderr
    assert result.stderr == ""


def test_xdg_data_home_is_honoured_and_created_private(main, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg" / "data"))
    assert main("add", N).code == 0
    for directory in (tmp_path / "xdg", tmp_path / "xdg" / "data", tmp_path / "xdg" / "data" / "orders"):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700, directory
    assert stat.S_IMODE((tmp_path / "xdg" / "data" / "orders" / "orders.db").stat().st_mode) == 0o600
    assert not (tmp_path / "home").exists()


@pytest.mark.parametrize("command", [["add", N], ["export-ics", "--output", "cal.ics"]])
def test_with_umask_000_no_directory_created_is_world_writable(tmp_path, command):
    """mkdir(parents=True) gives the parents the umask's mode: 0777 here."""
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_DATA_HOME", "ORDERS_DB")}
    env.update(HOME=str(home), ORDERS_TODAY=TODAY)
    run = subprocess.run(
        [sys.executable, "-m", "tracker", *command],
        cwd=tmp_path, env=env, capture_output=True, text=True, preexec_fn=lambda: os.umask(0), timeout=60,
    )
    assert run.returncode == 0, run.stderr
    created = [home, home / ".local", home / ".local" / "share", home / ".local" / "share" / "orders"]
    assert {str(d.relative_to(tmp_path)): stat.S_IMODE(d.stat().st_mode) for d in created} == {
        str(d.relative_to(tmp_path)): 0o700 for d in created
    }
    for path in home.rglob("*"):
        assert not path.stat().st_mode & 0o077, path


def test_a_file_in_the_way_of_the_default_directory_is_one_line(main, fresh_home):
    (fresh_home / ".local").write_text("not a directory")
    one_error_line(main("add", N), 6, ".local")


# ---- the database is never an output ----------------------------------------------------


SPELLINGS = {
    "itself": lambda db: str(db),
    "relative": lambda db: db.name,
    "with dots": lambda db: str(db.parent / ".." / db.parent.name / db.name),
    "symlink": lambda db: _link(db, "link.db", symbolic=True),
    "hard link": lambda db: _link(db, "hard.db", symbolic=False),
    "-wal": lambda db: f"{db}-wal",
    "-shm": lambda db: f"{db}-shm",
    "-journal": lambda db: f"{db}-journal",
    "-wal through a linked directory": lambda db: _alias(db) + f"/{db.name}-wal",
}


def _alias(db: Path) -> str:
    alias = db.parent / "alias"
    alias.symlink_to(db.parent, target_is_directory=True)
    return str(alias)


def _link(target: Path, name: str, *, symbolic: bool) -> str:
    link = target.parent / name
    if symbolic:
        link.symlink_to(target)
    else:
        os.link(target, link)
    return str(link)


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize("command", [["export", "--output"], ["export-ics", "--output"], ["backup", "--force"]])
def test_no_output_is_ever_the_database(main, db, tmp_path, monkeypatch, command, spelling):
    monkeypatch.chdir(tmp_path)
    assert main("--db", str(db), "add", N, "--shipped", "2026-11-20").code == 0
    before = db.read_bytes()
    output = SPELLINGS[spelling](db)
    args = [*command, output] if command[0] != "backup" else ["backup", output, "--force"]
    one_error_line(main("--db", str(db), *args), 1, "the database itself")
    assert db.read_bytes() == before
    assert [o["order_no"] for o in json.loads(main("--db", str(db), "list", "--json").stdout)] == [N]


def test_a_backup_or_export_to_another_file_still_works(main, db, tmp_path):
    assert main("--db", str(db), "add", N).code == 0
    assert main("--db", str(db), "backup", str(tmp_path / "orders.db.copy")).code == 0
    assert main("--db", str(db), "export", "-o", str(tmp_path / "orders.db.json")).code == 0


# ---- a path means exactly that file -------------------------------------------------------


@pytest.mark.parametrize("name", ["orders?v2.db", "a%41.db", "b%3Fmode=ro.db", "c#d.db"])
def test_url_syntax_in_the_database_path_means_exactly_that_file(main, tmp_path, monkeypatch, name):
    home = tmp_path / "book"
    home.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    db = home / name
    monkeypatch.setenv("ORDERS_DB", str(db))
    assert main("add", N, "--shipped", "2026-11-20", "--title", "hub").code == 0
    assert main("add", "555", "--paid", "2026-11-25").code == 0
    assert main("ship", "555", "--on", "2026-11-26").code == 0
    due = main("due", "--all")
    assert due.code == 0 and N in due.stdout
    assert main("remind").code == 0
    assert {o["order_no"] for o in json.loads(main("list", "--json").stdout)} == {N, "555"}
    assert json.loads(main("show", N, "--json").stdout)["title"] == "hub"
    assert main("export-ics", "--output", str(out / "cal.ics")).code == 0
    assert main("export", "--output", str(out / "book.json")).code == 0
    assert main("backup", str(out / name)).code == 0
    assert main("__complete-orders", "81").stdout == f"{N}\n"
    # Every write went to the named file, and no other file appeared beside it.
    assert {f for f in files_in(home) if not f.startswith(name)} == set()
    con = sqlite3.connect(db)  # sqlite3 itself takes the name as it is
    try:
        assert {r[0] for r in con.execute("SELECT order_no FROM orders")} == {N, "555"}
    finally:
        con.close()
    assert files_in(out) == {"cal.ics", "book.json", name}
    assert len(json.loads((out / "book.json").read_text())["orders"]) == 2


def test_url_syntax_in_the_path_of_a_new_database_creates_only_it(main, tmp_path):
    db = tmp_path / "new?mode=memory.db"
    assert main("--db", str(db), "add", N).code == 0
    assert files_in(tmp_path) <= {db.name, f"{db.name}-wal", f"{db.name}-shm"}
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


@pytest.mark.parametrize("name", ["file:real.db", "file:rel.db?mode=memory", "file:third.db?x=1"])
def test_a_relative_name_that_looks_like_an_sqlite_uri_is_that_file(main, tmp_path, monkeypatch, name):
    """SQLite (built with SQLITE_USE_URI, as Debian's is) reads a plain name starting
    with `file:` as a URI: the writes went to real.db (0644), or to memory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ORDERS_DB", name)
    assert main("add", N, "--shipped", "2026-11-20", "--title", "precious").code == 0
    assert files_in(tmp_path) == {name}
    assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    exported = main("export", "--output", "real.db")  # another file: never the database
    assert exported.code == 0
    assert [o["title"] for o in json.loads(main("list", "--json").stdout)] == ["precious"]
    assert main("backup", "copy.db").code == 0
    assert main("--db", str(tmp_path / "copy.db"), "list", "--json").code == 0


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
@pytest.mark.parametrize("command", [["export", "--output"], ["export-ics", "--output"], ["backup", "--force"]])
def test_a_database_named_through_a_link_keeps_its_own_files_safe(main, db, tmp_path, monkeypatch, command, suffix):
    """SQLite keeps -wal, -shm and -journal beside the file the link points to."""
    assert main("--db", str(db), "add", N, "--shipped", "2026-11-20").code == 0
    link = tmp_path / "elsewhere" / "link.db"
    link.parent.mkdir()
    link.symlink_to(db)
    output = f"{db}{suffix}"
    args = [*command, output] if command[0] != "backup" else ["backup", output, "--force"]
    one_error_line(main("--db", str(link), *args), 1, "the database itself")


def test_completion_on_a_full_or_closed_stdout_is_silent(db):
    subprocess.run([sys.executable, "-m", "tracker", "--db", str(db), "add", N], check=True, capture_output=True)
    command = [sys.executable, "-m", "tracker", "--db", str(db), "__complete-orders", "8"]
    with open("/dev/full", "w") as full:
        run = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert (run.returncode, run.stderr) == (0, "")
    closed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=60,
                            preexec_fn=lambda: os.close(1))
    assert (closed.returncode, closed.stderr) == (0, "")


# ---- paths the system refuses: one line, a documented code ---------------------------------


def _loop(tmp_path: Path) -> str:
    (tmp_path / "loop-a").symlink_to(tmp_path / "loop-b")
    (tmp_path / "loop-b").symlink_to(tmp_path / "loop-a")
    return str(tmp_path / "loop-a")


DATABASE_COMMANDS = [
    ["add", N], ["show", N], ["list"], ["due"], ["remind"], ["export"], ["export-ics", "-o", "-"], ["backup"],
    ["import", "in.json"],
]


@pytest.mark.parametrize("command", DATABASE_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("kind", ["name too long", "symlink loop"])
def test_an_unusable_database_path_is_one_line_and_exit_6(main, tmp_path, monkeypatch, command, kind):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.json").write_text(json.dumps({"schema_version": 1, "orders": [{"order_no": N, "events": [{"kind": "paid", "date": "2026-11-20"}]}]}))
    db = str(tmp_path / f"{LONG_NAME}.db") if kind == "name too long" else _loop(tmp_path)
    one_error_line(main("--db", db, *command), 6, "cannot open database")


OUTPUTS = [["export", "--output"], ["export-ics", "--output"], ["backup"]]


@pytest.mark.parametrize("command", OUTPUTS, ids=lambda c: c[0])
@pytest.mark.parametrize("kind", ["name too long", "symlink loop", "missing directory", "file as directory"])
def test_an_output_that_cannot_be_written_is_one_line_and_exit_6(main, db, tmp_path, command, kind):
    assert main("--db", str(db), "add", N).code == 0
    (tmp_path / "plain").write_text("")
    target = {
        "name too long": str(tmp_path / LONG_NAME),
        "symlink loop": _loop(tmp_path) if kind == "symlink loop" else "",
        "missing directory": str(tmp_path / "missing" / "out"),
        "file as directory": str(tmp_path / "plain" / "out"),
    }[kind]
    before = files_in(tmp_path)
    one_error_line(main("--db", str(db), *command, target), 6)
    assert files_in(tmp_path) == before


@pytest.mark.parametrize("command", OUTPUTS[:2], ids=lambda c: c[0])
def test_a_full_disk_is_exit_6_for_every_output(main, db, command):
    assert main("--db", str(db), "add", N).code == 0
    one_error_line(main("--db", str(db), *command, "/dev/full"), 6, "/dev/full")


def test_a_backup_is_never_written_into_a_device(main, db):
    assert main("--db", str(db), "add", N).code == 0
    one_error_line(main("--db", str(db), "backup", "/dev/full", "--force"), 1, "not a regular file")
    assert Path("/dev/full").is_char_device()


@pytest.mark.skipif(os.geteuid() == 0, reason="as root, permission bits do not bind (checked by hand as nobody)")
@pytest.mark.parametrize("where", ["database", "output"])
def test_a_directory_without_execute_permission_is_one_line_and_exit_6(main, tmp_path, where):
    closed = tmp_path / "closed"
    closed.mkdir()
    db = (closed if where == "database" else tmp_path) / "orders.db"
    if where == "output":
        assert main("--db", str(db), "add", N).code == 0
    closed.chmod(0o600)
    try:
        if where == "database":
            for command in DATABASE_COMMANDS[:4]:
                one_error_line(main("--db", str(db), *command), 6)
        else:
            for command in OUTPUTS:
                one_error_line(main("--db", str(db), *command, str(closed / "out")), 6)
    finally:
        closed.chmod(0o700)


# ---- leftovers of a write that was killed -----------------------------------------------


def _plant(directory: Path, name: str, age: float) -> Path:
    path = directory / name
    path.write_bytes(b"half of something" * 1000)
    moment = time.time() - age
    os.utime(path, (moment, moment))
    return path


OUTPUT_RUNS = {
    "export-ics": lambda target: ["export-ics", "--output", str(target)],
    "export": lambda target: ["export", "--output", str(target)],
    "backup": lambda target: ["backup", str(target), "--force"],
}


@pytest.mark.parametrize("command", OUTPUT_RUNS)
def test_old_unlocked_leftovers_of_the_same_target_are_removed(main, db, tmp_path, command):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "orders.ics"
    assert main("--db", str(db), "add", N).code == 0
    abandoned = _plant(out, ".orders.ics.k3j9x_0q.tmp", age=3600)
    its_journal = _plant(out, ".orders.ics.k3j9x_0q.tmp-journal", age=3600)  # a killed backup leaves one
    fresh = _plant(out, ".orders.ics.a1b2c3d4.tmp", age=0)  # perhaps being written right now
    other_target = _plant(out, ".orders.ics.old.zzzzzzzz.tmp", age=3600)  # belongs to orders.ics.old
    not_ours = _plant(out, ".orders.ics.backup", age=3600)
    named_by_hand = _plant(out, ".orders.ics.x.tmp", age=3600)  # not tempfile's 8 characters
    held = _plant(out, ".orders.ics.held0000.tmp", age=3600)  # its writer is alive and holds the lock
    with open(held, "rb") as stream:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX)
        result = main("--db", str(db), *OUTPUT_RUNS[command](target))
    assert result.code == 0, result.stderr
    assert not abandoned.exists() and not its_journal.exists()
    assert fresh.exists() and other_target.exists() and not_ours.exists() and held.exists()
    assert files_in(out) == {"orders.ics", fresh.name, other_target.name, not_ours.name, held.name, named_by_hand.name}


KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from tracker.outfile import replacing
with replacing(Path(sys.argv[1])) as (fd, temporary):
    os.write(fd, b"BEGIN:VCALENDAR" + b"x" * 1_000_000)
    print(temporary.name, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_the_temporary_file_of_a_killed_export_is_removed_by_the_next_run(main, db, tmp_path):
    target = tmp_path / "orders.ics"
    target.write_bytes(b"the old calendar")
    run = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(target)], capture_output=True, text=True, timeout=60)
    assert run.returncode == -9, run.stderr
    leftover = tmp_path / run.stdout.strip()
    assert leftover.stat().st_size > 1_000_000 and target.read_bytes() == b"the old calendar"
    assert main("--db", str(db), "add", N).code == 0
    assert main("--db", str(db), "export-ics", "--output", str(target)).code == 0
    assert leftover.exists()  # written to a moment ago: it might still be someone's
    moment = time.time() - 3600
    os.utime(leftover, (moment, moment))  # as the next morning's run finds it
    assert main("--db", str(db), "export-ics", "--output", str(target)).code == 0
    assert not leftover.exists()
    assert {p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")} == set()


def test_a_name_too_long_for_a_temporary_suffix_still_gets_a_temporary_file(main, db, tmp_path):
    target = tmp_path / ("y" * 250)
    assert main("--db", str(db), "add", N).code == 0
    assert main("--db", str(db), "export", "--output", str(target)).code == 0
    assert json.loads(target.read_text())["orders"][0]["order_no"] == N


def test_a_backup_into_a_directory_that_does_not_exist_writes_no_file_of_that_name(main, db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main("--db", str(db), "add", N).code == 0
    one_error_line(main("--db", str(db), "backup", "bk/"), 6, "does not exist")
    assert not (tmp_path / "bk").exists()
    (tmp_path / "bk").mkdir()
    assert main("--db", str(db), "backup", "bk/").code == 0
    assert len(files_in(tmp_path / "bk")) == 1
