"""Opening the database safely: location checks, pragmas, schema version, transactions.

Writes run in short `BEGIN IMMEDIATE` transactions (the write lock is taken up front, so
two writers queue on the busy timeout instead of failing half-way). WAL lets readers run
beside a writer. Every SQLite failure a user can meet becomes a one-line DatabaseError.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, create_engine, event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from tracker.errors import DatabaseError
from tracker.i18n import _
from tracker.store import files
from tracker.store import schema  # registers the tables on SQLModel.metadata
from tracker.store.files import BUSY_TIMEOUT_MS, check_location, create_private_file, describe

_OUR_TABLES = {"orders", "events", "deadlines", "meta", "reminders", "calendar_exports"}

# The upgrade steps: UPGRADES[n] brings a database from schema n - 1 to schema n, inside
# the upgrade transaction (SQLite DDL is transactional: a failed step changes nothing).
# Schema 1 is the first released schema, so there are none yet. A step is added with the
# version bump in files.SCHEMA_VERSION, and the old version's fixture stays in
# tests/fixtures/ for good (tests/store/test_upgrades.py opens every one of them).
UPGRADES: dict[int, Callable[[Connection], None]] = {}


class Store:
    """One database file. `transaction()` yields a Session inside one BEGIN ... COMMIT."""

    def __init__(self, path: Path, *, write: bool):
        self.path = path
        self.write = write
        check_location(path)
        if write:
            create_private_file(path)
        elif not path.exists():
            raise DatabaseError(_('no database at {path} yet (add an order first)').format(path=path))
        self.engine = self._make_engine()
        try:
            self._check_schema()
        except exc.DBAPIError as e:
            raise describe(e, path) from None
        except sqlite3.Error as e:
            raise describe(e, path) from None

    def _make_engine(self) -> Engine:
        # The connection is made from the path itself (files.connect), never from URL
        # text: in "sqlite:///{path}" a '?' or '%41' in a file name would be read as URL
        # syntax and the writes would land in another file. The pool is set explicitly
        # because a bare "sqlite://" would otherwise be taken for an in-memory database.
        path = self.path
        engine = create_engine("sqlite://", creator=lambda: files.connect(path), poolclass=QueuePool)
        begin = "BEGIN IMMEDIATE" if self.write else "BEGIN"

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection):  # type: ignore[no-untyped-def]
            connection.exec_driver_sql(begin)

        return engine

    def _check_schema(self) -> None:
        with self.engine.connect() as connection:
            raw = connection.connection.driver_connection
            version = raw.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        files.refuse_newer(self.path, version)
        if version == 0 and tables - {"sqlite_sequence"}:
            if not tables >= _OUR_TABLES:
                raise files.not_ours(self.path)
        if version < files.SCHEMA_VERSION:
            if not self.write:
                raise DatabaseError(_('database {path} needs an upgrade; run any orders command that writes').format(path=self.path))
            self._create_or_upgrade(version)

    def _create_or_upgrade(self, version: int) -> None:
        """Create the tables, or upgrade step by step after taking a backup copy.

        Everything happens under the write lock (BEGIN IMMEDIATE), so of two commands
        starting at once one upgrades and the other then finds nothing to do.
        """
        target = files.SCHEMA_VERSION
        with self.engine.begin() as connection:
            raw = connection.connection.driver_connection
            version = raw.execute("PRAGMA user_version").fetchone()[0]  # as of holding the lock
            if version == 0:
                schema.SQLModel.metadata.create_all(connection)
            elif version < target:
                self._upgrade(connection, version, target)
            if version < target:
                raw.execute(f"PRAGMA user_version = {target}")
        with self.engine.connect() as connection:
            connection.connection.driver_connection.execute("PRAGMA journal_mode = WAL")

    def _upgrade(self, connection: Connection, version: int, target: int) -> None:
        """Copy the database to `<db>.v{version}.bak`, then run each step up to `target`."""
        from tracker.store.backup import copy_database, free_name

        missing = [v for v in range(version + 1, target + 1) if v not in UPGRADES]
        if missing:
            raise DatabaseError(_('cannot upgrade {path}: no step from schema {value} to {value2}').format(path=self.path, value=missing[0] - 1, value2=missing[0]))
        # We hold the write lock, so a second connection reads exactly the state we upgrade.
        source = files.connect(self.path)
        try:
            saved = copy_database(source, free_name(Path(f"{self.path}.v{version}.bak")))
        finally:
            source.close()
        for step in range(version + 1, target + 1):
            try:
                UPGRADES[step](connection)
            except (exc.DBAPIError, sqlite3.Error) as e:
                raise DatabaseError(
                    _('cannot upgrade {path} to schema {step} ({value}); it was left as it was (a copy is in {saved})').format(path=self.path, step=step, value=getattr(e, 'orig', None) or e, saved=saved)
                ) from None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One short transaction; rolled back whole on any error."""
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                with session.begin():
                    yield session
        except exc.DBAPIError as e:
            raise describe(e, self.path) from None

    def close(self) -> None:
        self.engine.dispose()
