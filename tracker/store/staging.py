"""A staging area for a large import: the new orders are written, in batches, to a private
database file beside the order book, then moved into the book in one short transaction.

Nothing in the staging file is visible to any other command, so a crash while staging
leaves the book as it was; the move is one transaction, so a crash during it leaves
nothing moved. The importer holds an exclusive lock (flock) on its staging file while it
lives: a staging file nobody holds is a leftover of a killed import, and is deleted by
the next import.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tracker.store.files import COMPANION_SUFFIXES, connect, create_private_file, database_files, describe
from tracker.store.schema import DeadlineRow, EventRow, OrderRow

SUFFIX = ".import-"


def _columns(table, skip: tuple[str, ...] = ()) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.name for c in table.__table__.columns if c.name not in ("id", *skip)]


def _lock(path: Path, wait: bool) -> int | None:
    """An open descriptor holding an exclusive flock on path, or None if another holds it."""
    import fcntl

    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _remove(path: Path) -> None:
    for name in database_files(path):
        name.unlink(missing_ok=True)


def clean_leftovers(db_path: Path) -> None:
    """Delete the staging files of imports that were killed (nobody holds their lock)."""
    for path in db_path.parent.glob(db_path.name + SUFFIX + "*"):
        if path.name.endswith(COMPANION_SUFFIXES):
            continue
        try:
            fd = _lock(path, wait=False)
        except OSError:
            continue
        if fd is None:
            continue  # a live import
        try:
            _remove(path)
        finally:
            os.close(fd)


@contextmanager
def staging_file(db_path: Path) -> Iterator[Path]:
    """A new private staging file beside the database, locked while the block runs and
    deleted after it (whatever happens)."""
    clean_leftovers(db_path)
    path = db_path.parent / f"{db_path.name}{SUFFIX}{secrets.token_hex(4)}"
    create_private_file(path)
    fd = _lock(path, wait=True)
    try:
        yield path
    finally:
        _remove(path)
        os.close(fd)


def move_in(db_path: Path, staging: Path) -> list[str]:
    """Move every order of the staging file (with its events and deadlines) into the
    database, in one write transaction. Refuses (returns their numbers, moves nothing)
    when some of those orders are in the database by now."""
    orders = _columns(OrderRow)
    events = _columns(EventRow, ("order_id",))
    deadlines = _columns(DeadlineRow, ("order_id",))
    con = connect(db_path)
    try:
        con.execute("ATTACH DATABASE ? AS staging", (str(staging),))
        con.execute("BEGIN IMMEDIATE")
        try:
            there = [r[0] for r in con.execute(
                "SELECT s.order_no FROM staging.orders s JOIN main.orders o ON o.order_no = s.order_no"
            )]
            if there:
                con.execute("ROLLBACK")
                return there
            con.execute(
                f"INSERT INTO main.orders ({', '.join(orders)}) SELECT {', '.join(orders)} FROM staging.orders ORDER BY id"
            )
            for table, cols in (("events", events), ("deadlines", deadlines)):
                picked = ", ".join(f"x.{c}" for c in cols)
                con.execute(
                    f"INSERT INTO main.{table} (order_id, {', '.join(cols)}) SELECT o.id, {picked}"
                    f" FROM staging.{table} x JOIN staging.orders s ON s.id = x.order_id"
                    f" JOIN main.orders o ON o.order_no = s.order_no ORDER BY x.id"
                )
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        return []
    except sqlite3.Error as e:
        raise describe(e, db_path) from None
    finally:
        con.close()
