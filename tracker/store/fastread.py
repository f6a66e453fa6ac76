"""The hot path for `due` and `remind`: one indexed query on the standard library's sqlite3.

Importing SQLAlchemy alone costs about as much as the rest of a run, and these commands
run on every cron tick. The tables are defined once, in schema.py; this module only reads
(and, for reminders, writes) them by name, and tests/store/test_fastread.py proves it
agrees with the SQLModel path.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from tracker.engine.model import Deadline, DeadlineKind, Event, EventKind, Order, Warning
from tracker.store import files
from tracker.store.files import check_location, connect, describe

_COLUMNS = """
    d.order_id, o.order_no, o.title, o.marketplace, o.warnings,
    d.kind, d.date, d.estimated, d.basis, r.stage
"""
_FROM = """
    FROM deadlines d
    JOIN orders o ON o.id = d.order_id
    LEFT JOIN reminders r ON r.order_id = d.order_id AND r.kind = d.kind AND r.date = d.date
"""
# Upcoming rows come from the date index; overdue rows only while act_until says so
# (engine/after.py: the order still has a date ahead, or money is still owed), from the
# (act_until, date) index.
_DUE_SQL = f"""
SELECT {_COLUMNS} {_FROM} WHERE d.date >= :today AND d.date <= :horizon
UNION ALL
SELECT {_COLUMNS} {_FROM} WHERE d.act_until >= :today AND d.date < :today
ORDER BY 7, 2, 6
"""
# Beside an overdue row, its order's next date whatever the window (the last chance must
# never hide behind the passed ones): by order id, for the few orders with overdue rows.
_LATER_SQL = f"""
SELECT {_COLUMNS} {_FROM} WHERE d.date > ? AND d.order_id IN ({{ids}}) ORDER BY d.date
"""


@dataclass(frozen=True)
class DueRow:
    order_id: int
    order_no: str
    title: str | None
    marketplace: str
    warnings: str
    kind: str
    date: date
    estimated: bool
    basis: tuple
    reported_stage: int | None


_ORDER_SQL = """
SELECT id, order_no, marketplace, title, store, price, currency, ordered, processing_days,
       protection_days, expected_delivery, tracking, note, payment, status, warnings
FROM orders {where} ORDER BY id
"""


@dataclass(frozen=True)
class StoredOrder:
    """An order as stored: its facts, status, events, deadlines and warnings."""

    order: Order
    status: str
    events: list[Event]
    deadlines: list[Deadline]
    warnings: str


def decode_warnings(text: str | None) -> list[Warning]:
    """The warnings stored with an order (repo.update_order writes them)."""
    if not text or text == "[]":
        return []
    import json

    return [Warning(**w) for w in json.loads(text)]


def _basis(text: str) -> tuple:
    import json

    return tuple(json.loads(text))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _moment(text: str | None) -> datetime | None:
    """Stored as UTC without an offset (SQLModel's UTCDateTime); read back aware, as it does."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC) if text else None


def _read_only_connection(path: Path) -> sqlite3.Connection:
    """For a database in a directory nobody can create its -wal in, so nobody can write
    it: read without the shared-memory file SQLite cannot create there (immutable)."""
    return sqlite3.connect(files.uri(path, mode="ro", immutable="1"), uri=True)


class FastStore:
    """A plain sqlite3 connection to an existing database; every SQLite error in words."""

    def __init__(self, path: Path, con: sqlite3.Connection):
        self.path = path
        self.con = con

    @classmethod
    def open(cls, path: Path) -> FastStore | None:
        """None when there is no database yet (so nothing is due)."""
        check_location(path)
        if not path.exists():
            return None
        con = connect(path)
        try:
            try:
                version = con.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.OperationalError as e:
                if (getattr(e, "sqlite_errorcode", 0) & 0xFF) != sqlite3.SQLITE_CANTOPEN:
                    raise
                con.close()  # a read-only directory: no -shm can be made for WAL
                con = _read_only_connection(path)
                version = con.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as e:
            con.close()
            raise describe(e, path) from None
        if version > files.SCHEMA_VERSION:
            con.close()
            files.refuse_newer(path, version)
        return cls(path, con)

    def close(self) -> None:
        self.con.close()

    def is_current(self, fingerprint: str) -> bool:
        """True when the stored deadlines were computed by this schema and these rules."""
        try:
            if self.con.execute("PRAGMA user_version").fetchone()[0] != files.SCHEMA_VERSION:
                return False
            row = self.con.execute("SELECT value FROM meta WHERE key = 'rules_fingerprint'").fetchone()
        except sqlite3.Error as e:
            raise describe(e, self.path) from None
        return row is not None and row[0] == fingerprint

    def read_only(self) -> bool:
        """True when this database cannot be written here (its file or directory is
        read-only): found by writing a row and rolling it back, as SQLite notices only at
        the first write. Only a database of this schema counts (an older one must be
        upgraded before it can be read)."""
        try:
            if self.con.execute("PRAGMA user_version").fetchone()[0] != files.SCHEMA_VERSION:
                return False
            self.con.execute("BEGIN IMMEDIATE")
            try:
                self.con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('write_probe', '')")
            finally:
                self.con.execute("ROLLBACK")
        except sqlite3.Error as e:
            if (getattr(e, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN):
                return True
            raise describe(e, self.path) from None
        return False

    def count_orders(self) -> int:
        """How many orders; refuses an SQLite file that is not an orders database."""
        try:
            return self.con.execute("SELECT count(*) FROM orders").fetchone()[0]
        except sqlite3.OperationalError as e:
            if "no such table" in str(e):
                raise files.not_ours(self.path) from None
            raise describe(e, self.path) from None
        except sqlite3.Error as e:
            raise describe(e, self.path) from None

    def due_rows(self, today: date, horizon: date) -> list[DueRow]:
        params = {"today": today.isoformat(), "horizon": horizon.isoformat()}
        try:
            rows = self.con.execute(_DUE_SQL, params).fetchall()
            live = {r[0] for r in rows if r[6] >= params["today"]}  # its next date is listed already
            late = sorted({r[0] for r in rows if r[6] < params["today"]} - live)
            if late and horizon < date.max:
                nexts: dict[int, str] = {}
                for start in range(0, len(late), 500):
                    chunk = late[start : start + 500]
                    sql = _LATER_SQL.format(ids=", ".join("?" for _id in chunk))
                    for r in self.con.execute(sql, [params["horizon"], *chunk]):
                        if nexts.setdefault(r[0], r[6]) == r[6]:  # the first date after the window
                            rows.append(r)
                rows.sort(key=lambda r: (r[6], r[1], r[5]))
        except sqlite3.Error as e:
            raise describe(e, self.path) from None
        return [
            DueRow(r[0], r[1], r[2], r[3], r[4], r[5], date.fromisoformat(r[6]), bool(r[7]), _basis(r[8]), r[9])
            for r in rows
        ]

    def report_new_stages(
        self,
        today: date,
        horizon: date,
        stage_of: Callable[[DueRow], int | None],
        deliver: Callable[[list[tuple[DueRow, int]]], None],
    ) -> list[tuple[DueRow, int]]:
        """The rows whose stage advanced, handed to `deliver`, then recorded as reported.

        One write transaction: take the lock, select, deliver, record, commit. A stage is
        recorded only once delivered: when `deliver` raises (stdout full, closed, a reader
        gone), nothing is, and the next run reports it again. The lock is held while
        `deliver` writes, so two runs at once never report the same stage twice: the
        second waits, then finds nothing new. Delivering is writing a few lines to stdout:
        a file or a terminal takes them at once, a pipe up to its buffer (64 KiB on Linux)
        before its reader reads anything, so the lock lasts milliseconds (only a reader
        that stops reading past that, such as a pager, keeps it, and other commands wait
        up to the busy timeout). The alternative, recording after delivering with a
        re-check, would let two runs print the same stage; claiming stages first would
        need an outbox table. If the commit itself fails after delivery, the stage is
        reported again next run: twice rather than never.
        """
        try:
            self.con.execute("BEGIN IMMEDIATE")
            try:
                fresh = []
                for row in self.due_rows(today, horizon):
                    stage = stage_of(row)
                    if stage is not None and (row.reported_stage is None or stage < row.reported_stage):
                        fresh.append((row, stage))
                deliver(fresh)
                if fresh:
                    self._record(fresh)
                self.con.execute("COMMIT")
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
        except sqlite3.Error as e:
            raise describe(e, self.path) from None
        return fresh

    def orders(self, include_finished: bool, finished: tuple[str, ...]) -> list[StoredOrder]:
        """Every (open) order with its stored events and deadlines, in three queries.

        The three run in one read transaction: one snapshot, even while another command
        writes (an export must never see an order without its events).
        """
        where, params = "", ()
        if not include_finished:
            where = f"WHERE status NOT IN ({', '.join('?' for _status in finished)})"
            params = finished
        try:
            self.con.execute("BEGIN")
            try:
                return self._orders(where, params)
            finally:
                self.con.execute("ROLLBACK")
        except sqlite3.Error as e:
            raise describe(e, self.path) from None

    def _orders(self, where: str, params: tuple[str, ...]) -> list[StoredOrder]:
        rows = self.con.execute(_ORDER_SQL.format(where=where), params).fetchall()
        events: dict[int, list[Event]] = {r[0]: [] for r in rows}
        deadlines: dict[int, list[Deadline]] = {r[0]: [] for r in rows}
        for e in self.con.execute(
            "SELECT order_id, id, kind, date, days, value, recorded_at, undone_at FROM events ORDER BY id"
        ):
            if e[0] in events:
                events[e[0]].append(
                    Event(EventKind(e[2]), date.fromisoformat(e[3]), e[4], e[5], _moment(e[6]), _moment(e[7]), e[1])
                )
        for d in self.con.execute(
            "SELECT order_id, kind, date, estimated, basis FROM deadlines ORDER BY date, id"
        ):
            if d[0] in deadlines:
                deadlines[d[0]].append(Deadline(DeadlineKind(d[1]), date.fromisoformat(d[2]), bool(d[3]), _basis(d[4])))
        return [
            StoredOrder(
                Order(r[1], r[2], r[3], r[4], r[5], r[6], _day(r[7]), r[8], r[9], _day(r[10]), r[11], r[12], r[13]),
                r[14],
                events[r[0]],
                deadlines[r[0]],
                r[15],
            )
            for r in rows
        ]

    def _record(self, fresh: list[tuple[DueRow, int]]) -> None:
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's DATETIME text
        self.con.executemany(
            "INSERT OR REPLACE INTO reminders (order_id, kind, date, stage, reported_at) VALUES (?, ?, ?, ?, ?)",
            [(r.order_id, r.kind, r.date.isoformat(), stage, now) for r, stage in fresh],
        )
        # Forget reminders of deadlines that no longer exist (moved, or the order finished).
        self.con.execute(
            """DELETE FROM reminders WHERE NOT EXISTS (
                   SELECT 1 FROM deadlines d
                   WHERE d.order_id = reminders.order_id AND d.kind = reminders.kind
                     AND d.date = reminders.date)"""
        )

