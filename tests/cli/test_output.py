"""Standard output that cannot be written: a full disk, a closed stdout, a reader gone.

Real subprocesses, because what matters happens where the interpreter meets the file
descriptor: the last flush, the messages Python prints at exit. Every command: one line,
exit 6 (a file cannot be written), nothing else. `orders remind` records a reminder only
once it has been delivered, so the next run prints it again.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from tracker.engine import EventKind, Order
from tracker.services import Book

pytestmark = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")


@pytest.fixture(autouse=True)
def full_is_a_device():
    # as root, a program that renames a file over /dev/full turns it into a plain file
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode), "/dev/full is no longer the device: recreate it"

TODAY = date(2026, 11, 26)
FILES = 6
MESSAGE = "orders: error: cannot write to standard output: "
ENTRIES = {
    "quick": [sys.executable, "-m", "tracker"],  # due/remind without Typer
    "typer": [sys.executable, "-c", "from tracker.cli.root import app; app(prog_name='orders')"],
}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Two orders whose deadlines reached reminder stages, nothing reported yet."""
    path = tmp_path / "o.db"
    book = Book(path, TODAY)
    book.add_order(Order("1001", title="USB hub"), paid=TODAY - timedelta(days=60))
    book.record("1001", EventKind.SHIPPED, TODAY - timedelta(days=58))  # protection ends in 2 days
    book.add_order(Order("1002"), paid=TODAY - timedelta(days=3))  # ship by in 4 days
    return path


def orders(db: Path, *args: str, stdout: str = "pipe", entry: str = "quick") -> subprocess.CompletedProcess:
    """Run orders with stdout: "pipe" (read), "full" (/dev/full), "closed" or "no reader"."""
    command = [*ENTRIES[entry], "--db", str(db), "--today", TODAY.isoformat(), *args]
    env = {**os.environ, "NO_COLOR": "1"}
    if stdout == "pipe":
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    if stdout == "full":
        with open("/dev/full", "w") as full:
            return subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=60)
    if stdout == "closed":  # as `orders remind >&-`
        command = ["sh", "-c", 'exec "$@" >&-', "sh", *command]
        return subprocess.run(command, stderr=subprocess.PIPE, text=True, env=env, timeout=60)
    assert stdout == "no reader"  # a pipe whose reader is gone, as `orders remind | head -0`
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(command, stdout=write_end, stderr=subprocess.PIPE, text=True, env=env, timeout=60)
    finally:
        os.close(write_end)


def assert_one_error_line(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == FILES, (result.returncode, result.stderr)
    assert result.stderr.startswith(MESSAGE) and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


# ---- remind: recorded only once delivered ------------------------------------------

FIRST_RUN: dict[str, str] = {}


@pytest.mark.parametrize("entry", sorted(ENTRIES))
@pytest.mark.parametrize("stdout", ["full", "closed", "no reader"])
@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_a_reminder_that_could_not_be_delivered_is_delivered_next_run(db, tmp_path, entry, stdout, as_json):
    args = ["remind", "--json"] if as_json else ["remind"]
    if args[-1] not in FIRST_RUN:  # what a first run that was delivered prints (every db is alike)
        delivered_copy = tmp_path / "copy.db"
        shutil.copy(db, delivered_copy)
        FIRST_RUN[args[-1]] = orders(delivered_copy, *args).stdout
    expected = FIRST_RUN[args[-1]]
    assert "1001" in expected and "1002" in expected

    assert_one_error_line(orders(db, *args, stdout=stdout, entry=entry))

    again = orders(db, *args, entry=entry)
    assert (again.returncode, again.stdout, again.stderr) == (0, expected, "")
    # ... and now that they were delivered, they are recorded: not repeated
    assert orders(db, "remind", entry=entry).stdout == ""


def test_remind_with_nothing_new_writes_nothing_and_succeeds_even_on_a_full_disk(db):
    assert orders(db, "remind").returncode == 0
    assert orders(db, "remind", stdout="full").returncode == 0  # cron: silence is success


# ---- every command: one line, exit 6 -------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["due"],
        ["remind"],
        ["list"],
        ["list", "--all", "--json"],
        ["show", "1001"],
        ["export"],
        ["export-ics", "-o", "-"],
        ["rules"],
        ["config"],
        ["--help"],
        ["--version"],
        ["add", "2001", "--paid", "2026-11-20"],
    ],
    ids=" ".join,
)
def test_every_command_on_a_full_disk_says_so_in_one_line(db, args):
    assert_one_error_line(orders(db, *args, stdout="full"))


def test_the_message_is_translated(db):
    result = orders(db, "--lang", "ru", "list", stdout="full")
    assert result.returncode == FILES and result.stderr.count("\n") == 1
    assert result.stderr.startswith("orders: error: ") and "standard output" not in result.stderr


@pytest.mark.parametrize("args", [["list"], ["due"], ["export"], ["show", "1001"]], ids=" ".join)
def test_a_reader_that_stopped_reading_ends_an_ordinary_command_quietly(db, args):
    # `orders list | head -1`: the reader had what it wanted; no message, exit 1
    result = orders(db, *args, stdout="no reader")
    assert (result.returncode, result.stderr) == (1, "")


def test_a_closed_stdout_is_an_error_too(db):
    assert_one_error_line(orders(db, "list", stdout="closed"))
